#include "app/gui/language.h"

#include <QLibraryInfo>
#include <QSettings>

namespace bitsky {

QString Translations::preference() { return QSettings().value(QStringLiteral("language")).toString(); }

void Translations::setPreference(const QString& language) { QSettings().setValue(QStringLiteral("language"), language); }

QList<QPair<QString, QString>> Translations::choices() {
    return {{QString(), QCoreApplication::translate("bitsky::Translations", "System default")},
            {QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("de"), QStringLiteral("Deutsch")}};
}

QLocale Translations::localeFor(const QString& preference) {
    return preference.isEmpty() ? QLocale::system() : QLocale(preference);
}

Translations::Translations(const QString& preference, const QStringList& catalogueDirs) {
    if (preference == QLatin1String("en")) return;  // the source language
    const QLocale locale = localeFor(preference);
    for (const QString& dir : catalogueDirs) {
        auto t = std::make_unique<QTranslator>();
        if (!t->load(locale, QStringLiteral("bitsky"), QStringLiteral("_"), dir)) continue;
        language_ = (t->language().isEmpty() ? locale.name() : t->language()).section(QLatin1Char('_'), 0, 0);
        QCoreApplication::installTranslator(t.get());
        installed_.push_back(std::move(t));
        break;
    }
    if (installed_.empty()) return;  // no BitSky catalogue for this locale: all English
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QLocale(language_), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        installed_.push_back(std::move(qt));
        qtTranslated_ = true;
    }
}

Translations::~Translations() {
    for (auto& t : installed_) QCoreApplication::removeTranslator(t.get());
}

}  // namespace bitsky
