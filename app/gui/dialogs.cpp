#include "app/gui/dialogs.h"

#include <qcustomplot.h>
#include <sqlite3.h>

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QSet>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <algorithm>

#include "app/gui/bench_dialog.h"
#include "app/gui/heatmap_controller.h"
#include "app/gui/language.h"
#include "app/gui/plots_panel.h"
#include "engine/codecs/codec.h"

namespace bitsky {

QString Dialogs::lastFolder() { return QSettings().value(QStringLiteral("files/lastFolder")).toString(); }

void Dialogs::rememberFolder(const QString& folder) {
    if (!folder.isEmpty()) QSettings().setValue(QStringLiteral("files/lastFolder"), folder);
}

QString Dialogs::openFitsFile(QWidget* parent) {
    const QString path =
        QFileDialog::getOpenFileName(parent, tr("Open FITS file"), lastFolder(),
                                     tr("FITS files (*.fits *.fit *.fts *.fits.gz *.fz);;All files (*)"));
    if (!path.isEmpty()) rememberFolder(QFileInfo(path).absolutePath());
    return path;
}

QString Dialogs::openDatasetFolder(QWidget* parent) {
    const QString dir = QFileDialog::getExistingDirectory(parent, tr("Open dataset folder"), lastFolder());
    if (!dir.isEmpty()) rememberFolder(QFileInfo(dir).absolutePath());
    return dir;
}

void Dialogs::exportPlot(QWidget* parent, PlotsPanel* plots) {
    const QStringList names = PlotsPanel::plotNames();
    const QStringList labels = PlotsPanel::plotTitles();
    bool ok = false;
    QString label = QInputDialog::getItem(parent, tr("Export plot"), tr("Plot"), labels, 0, false, &ok);
    if (!ok) return;
    QString name = names.value(int(labels.indexOf(label)));
    QString out = QFileDialog::getSaveFileName(parent, tr("Export plot"), name + QStringLiteral(".png"),
                                               tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)"));
    if (out.isEmpty()) return;
    PlotCanvas* canvas = plots->canvas(name);
    const auto size = plotSize(parent);
    if (!size) return;
    if (!canvas || !canvas->exportFigure(out, *size))
        QMessageBox::warning(parent, tr("BitSky"), tr("Cannot write %1 (use .png, .pdf or .svg).").arg(out));
}

std::optional<PlotSize> Dialogs::plotSize(QWidget* parent) {
    // The size on paper: text is in print sizes (8 pt), so a figure for one journal column is legible.
    QDialog dialog(parent);
    dialog.setWindowTitle(tr("Plot size"));
    auto* form = new QFormLayout(&dialog);
    auto* w = new QDoubleSpinBox(&dialog);
    auto* h = new QDoubleSpinBox(&dialog);
    auto* d = new QSpinBox(&dialog);
    for (QDoubleSpinBox* box : {w, h}) {
        box->setRange(1.0, 20.0);
        box->setDecimals(2);
        box->setSingleStep(0.25);
        box->setSuffix(tr(" in"));
    }
    const PlotSize defaults;
    w->setValue(defaults.widthIn);
    h->setValue(defaults.heightIn);
    d->setRange(72, 1200);
    d->setValue(defaults.dpi);
    d->setSuffix(tr(" dpi"));
    d->setToolTip(tr("Pixels per inch of a PNG; PDF and SVG are vector drawings"));
    form->addRow(tr("Width"), w);
    form->addRow(tr("Height"), h);
    form->addRow(tr("Resolution"), d);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) return std::nullopt;
    return PlotSize{w->value(), h->value(), d->value()};
}

void Dialogs::saveHeatmap(QWidget* parent, const HeatmapController& heatmap, const QString& sourceFile,
                          const fits::HduInfo* source, QStatusBar* status) {
    if (!heatmap.result()) {
        QMessageBox::information(parent, tr("BitSky"), tr("Compute a bit-cost map in the Heatmap panel first."));
        return;
    }
    QString suggested = QFileInfo(sourceFile).completeBaseName() + QStringLiteral("_") +
                        QString(heatmap.result()->modelA).replace(QLatin1Char(':'), QLatin1Char('-')) +
                        QStringLiteral("_bits.fits");
    QString out =
        QFileDialog::getSaveFileName(parent, tr("Save bit-cost map as FITS"),
                                     QFileInfo(sourceFile).dir().filePath(suggested), tr("FITS image (*.fits)"));
    if (out.isEmpty()) return;
    try {
        heatmap.saveFits(out, source);
        status->showMessage(tr("Saved %1").arg(out), 5000);
    } catch (const std::exception& e) {
        QMessageBox::warning(parent, tr("BitSky"),
                             tr("Cannot save the map.\n\n%1").arg(QString::fromStdString(e.what())));
    }
}

std::optional<Dialogs::BenchChoice> Dialogs::benchmarkSelected(QWidget* parent, const QStringList& paths) {
    if (paths.isEmpty()) {
        QMessageBox::information(parent, tr("BitSky"), tr("Select images or datasets in the Datasets panel first."));
        return std::nullopt;
    }
    BenchDialog dialog(paths, parent);
    if (dialog.exec() != QDialog::Accepted) return std::nullopt;
    return BenchChoice{dialog.codecs(), dialog.retryFailed()};
}

void Dialogs::about(QWidget* parent) {
    // Library versions as the codecs report them (one line per library), and Qt's.
    QStringList libs;
    QSet<QString> seen;
    for (const auto& spec : codecs::codec_specs()) {
        try {
            auto codec = codecs::make_codec(spec);
            QString line = QString::fromStdString(codec->library()) + QLatin1Char(' ') +
                           QString::fromStdString(codec->library_version());
            if (!seen.contains(line)) {
                seen.insert(line);
                libs << line;
            }
        } catch (const std::exception&) {
        }
    }
    libs << QStringLiteral("SQLite ") + QString::fromLatin1(sqlite3_libversion());
    libs << QStringLiteral("QCustomPlot ") + QStringLiteral(QCUSTOMPLOT_VERSION_STR);
    libs << QStringLiteral("Qt ") + QString::fromLatin1(qVersion());
    QMessageBox::about(parent, tr("About BitSky"),
                       tr("<h3>BitSky %1</h3><p>See where the bits go in astronomical FITS images.</p>"
                          "<p>Libraries: %2</p><p>GPL-3.0-or-later.</p>")
                           .arg(QApplication::applicationVersion(), libs.join(QStringLiteral(", ")).toHtmlEscaped()));
}

void Dialogs::preferences(QWidget* parent) {
    QDialog dialog(parent);
    dialog.setWindowTitle(tr("Preferences"));
    auto* form = new QFormLayout(&dialog);
    auto* language = new QComboBox(&dialog);
    for (const auto& [key, name] : Translations::choices()) language->addItem(name, key);
    language->setCurrentIndex(std::max(0, language->findData(Translations::preference())));
    form->addRow(tr("Language"), language);
    form->addRow(QString(), new QLabel(tr("The language changes when BitSky is started again."), &dialog));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() == QDialog::Accepted) Translations::setPreference(language->currentData().toString());
}

}  // namespace bitsky
