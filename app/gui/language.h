#pragma once
// The language of the interface: the preference (View > Language or File > Preferences,
// QSettings "language": "" = the system's, "en" = the English source, "de") or else the system
// locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). BitSky's catalogue and Qt's own (the
// standard buttons and dialogs: qtbase_<lang>.qm from Qt's translations folder) are
// installed for as long as the Translations object lives.
#include <QCoreApplication>
#include <QList>
#include <QLocale>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QTranslator>
#include <memory>
#include <vector>

namespace bitsky {

class Translations {
public:
    // catalogueDirs: where bitsky_<lang>.qm is looked for (the program's resource by default).
    explicit Translations(const QString& preference, const QStringList& catalogueDirs = {QStringLiteral(":/i18n")});
    ~Translations();
    Translations(const Translations&) = delete;
    Translations& operator=(const Translations&) = delete;

    // The language shown: "de", or "en" when the English source is used.
    QString language() const { return language_; }
    // Qt's own catalogue was found too (the standard buttons are translated).
    bool qtTranslated() const { return qtTranslated_; }

    // The preference stored in QSettings ("" if none), and storing one (used from the next start).
    static QString preference();
    static void setPreference(const QString& language);
    // The choices offered: {"" (the system's), "en", "de"} with their names, each language
    // named in itself (as language menus do), the system's in the language shown.
    static QList<QPair<QString, QString>> choices();
    // The locale a preference stands for ("" = the system's).
    static QLocale localeFor(const QString& preference);

private:
    std::vector<std::unique_ptr<QTranslator>> installed_;
    QString language_ = QStringLiteral("en");
    bool qtTranslated_ = false;
};

}  // namespace bitsky
