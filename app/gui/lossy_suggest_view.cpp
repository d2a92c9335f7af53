// The Lossy panel's science-safe suggestion: the ladder of one codec family run on the
// frame shown (analysis::suggest_safe_setting, in the background), every rung's numbers in
// a table and the choice in words; the thresholds remembered in QSettings.
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QSettings>
#include <QVBoxLayout>
#include <stdexcept>

#include "app/gui/lossy_panel.h"
#include "app/gui/pools.h"
#include "engine/codecs/codec.h"

namespace bitsky {
namespace {

SuggestionResult computeSuggestion(const ShownFrame& shown, const QString& family, analysis::SafetyThresholds t,
                                   std::stop_token stop) {
    SuggestionResult r;
    r.family = family;
    r.thresholds = t;
    try {
        const PixelFrame frame = shown.values();
        analysis::FidelityOptions options;
        options.noise = shown.noise;
        r.suggestion = analysis::suggest_safe_setting(frame, analysis::quantization_ladder(family.toStdString()), t,
                                                      LossyPanel::losslessSpecs(), options, stop);
    } catch (const std::exception& e) {
        r.error = QString::fromStdString(e.what());
    }
    return r;
}

QString pct(const std::optional<double>& v) { return v ? QString::number(100 * *v, 'f', 3) : QStringLiteral("-"); }

}  // namespace

std::vector<std::string> LossyPanel::losslessSpecs() {
    std::vector<std::string> out;
    // fpack's lossless choices: what a quantized fpack file is weighed against.
    for (const char* spec : {"rice", "gzip2", "hcompress"}) {
        try {
            codecs::make_codec(spec);
            out.emplace_back(spec);
        } catch (const std::exception&) {
            // a codec this build does not have
        }
    }
    return out;
}

QWidget* LossyPanel::buildSuggestion() {
    auto* box = new QGroupBox(tr("Suggest a safe setting"));
    auto* lay = new QVBoxLayout(box);
    auto* form = new QFormLayout;
    family_ = new QComboBox(box);
    family_->setEditable(true);
    family_->addItems({QStringLiteral("rice"), QStringLiteral("gzip"), QStringLiteral("gzip2"), QStringLiteral("hcompress")});
    family_->setToolTip(tr("The codec whose quantization levels q1, q2, q4, q8, q16 and q32 are tried"));
    form->addRow(tr("Codec"), family_);
    QSettings settings;
    photPct_ = new QDoubleSpinBox(box);
    photPct_->setRange(0.01, 100);
    photPct_->setDecimals(2);
    photPct_->setSuffix(QStringLiteral(" %"));
    photPct_->setValue(100 * settings.value(QStringLiteral("lossy/photThreshold"), 0.01).toDouble());
    photPct_->setToolTip(tr("Largest RMS aperture-photometry error allowed, in % of the photometric sigma"));
    form->addRow(tr("Photometric error below"), photPct_);
    noisePct_ = new QDoubleSpinBox(box);
    noisePct_->setRange(0.01, 100);
    noisePct_->setDecimals(2);
    noisePct_->setSuffix(QStringLiteral(" %"));
    noisePct_->setValue(100 * settings.value(QStringLiteral("lossy/noiseThreshold"), 0.01).toDouble());
    noisePct_->setToolTip(tr("Largest noise increase allowed (sigma_out / sigma_in - 1, measured and exact)"));
    form->addRow(tr("Noise increase below"), noisePct_);
    lay->addLayout(form);
    auto* run = new QPushButton(tr("Suggest a safe setting"), box);
    run->setToolTip(tr("Try every quantization level of the codec on the frame shown and choose the coarsest one "
                       "within both thresholds"));
    lay->addWidget(run);
    suggestText_ = new QLabel(box);
    suggestText_->setWordWrap(true);
    suggestText_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    lay->addWidget(suggestText_);
    ladder_ = new QTableWidget(0, 6, box);
    ladder_->setHorizontalHeaderLabels({tr("Setting"), tr("Bits/pixel"), tr("Ratio"), tr("Photometric error (%)"),
                                        tr("Noise increase (%)"), tr("Safe")});
    ladder_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    ladder_->verticalHeader()->hide();
    ladder_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    ladder_->setMinimumHeight(120);
    lay->addWidget(ladder_);
    connect(run, &QPushButton::clicked, this, [this] { startSuggestion(family_->currentText().trimmed()); });
    connect(photPct_, &QDoubleSpinBox::valueChanged, this, [this] { saveThresholds(); });
    connect(noisePct_, &QDoubleSpinBox::valueChanged, this, [this] { saveThresholds(); });
    return box;
}

void LossyPanel::setThresholds(double photError, double noiseIncrease) {
    photPct_->setValue(100 * photError);
    noisePct_->setValue(100 * noiseIncrease);
}

analysis::SafetyThresholds LossyPanel::thresholds() const {
    return {.phot_error = photPct_->value() / 100, .noise_increase = noisePct_->value() / 100};
}

void LossyPanel::saveThresholds() const {
    QSettings settings;
    settings.setValue(QStringLiteral("lossy/photThreshold"), photPct_->value() / 100);
    settings.setValue(QStringLiteral("lossy/noiseThreshold"), noisePct_->value() / 100);
}

bool LossyPanel::startSuggestion(const QString& family) {
    if (frame_.empty()) {
        suggestText_->setText(tr("Open an image first: the suggestion is made for the frame shown."));
        return false;
    }
    try {
        for (const auto& spec : analysis::quantization_ladder(family.toStdString()))
            if (!codecs::make_codec(spec)->lossy()) throw std::runtime_error(spec + " is not lossy");
    } catch (const std::exception& e) {
        suggestText_->setText(tr("%1 has no quantization levels: %2").arg(family, QString::fromStdString(e.what())));
        return false;
    }
    family_->setCurrentText(family);
    suggestTask_.startPrepared([this, frame = frame_, family, t = thresholds()] {
        suggestText_->setText(tr("Trying %1:q1 ... %1:q32 on the frame shown ...").arg(family));
        return [frame, family, t](std::stop_token stop) { return computeSuggestion(frame, family, t, std::move(stop)); };
    });
    return true;
}

void LossyPanel::applySuggestion(SuggestionResult r) {
    if (!r.error.isEmpty()) {
        suggestText_->setText(tr("Cannot suggest a setting: %1").arg(r.error));
        emit failed(r.error);
        return;
    }
    const auto& s = r.suggestion;
    ladder_->setRowCount(int(s.rungs.size()));
    for (int i = 0; i < int(s.rungs.size()); ++i) {
        const auto& g = s.rungs[std::size_t(i)];
        QString phot = pct(g.phot_error);
        if (g.phot_error && !g.phot_from_sources) phot += QLatin1Char(' ') + tr("(no sources: RMS/sigma)");
        const QStringList cells{QString::fromStdString(g.spec) + QLatin1Char(' ') + tr("(lossy)"),
                                g.error.empty() ? QString::number(g.bpp, 'f', 3) : QStringLiteral("-"),
                                g.error.empty() ? QString::number(g.ratio(), 'f', 2) : QStringLiteral("-"), phot,
                                pct(g.noise_increase),
                                !g.error.empty() ? tr("failed: %1").arg(QString::fromStdString(g.error))
                                : g.safe         ? tr("yes")
                                                 : tr("no")};
        for (int c = 0; c < cells.size(); ++c) ladder_->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
    const QString limits = tr("photometric error <= %1% of its sigma and noise increase <= %2%")
                               .arg(100 * r.thresholds.phot_error, 0, 'g', 4)
                               .arg(100 * r.thresholds.noise_increase, 0, 'g', 4);
    QString text;
    if (s.choice) {
        const auto& g = s.rungs[*s.choice];
        text = tr("Safe: %1 (lossy), the coarsest setting with %2: %3 bits/pixel, ratio %4.")
                   .arg(QString::fromStdString(g.spec), limits)
                   .arg(g.bpp, 0, 'f', 3)
                   .arg(g.ratio(), 0, 'f', 2);
        if (!s.lossless_codec.empty())
            text += QLatin1Char(' ') + tr("%1x smaller than the best lossless codec tried (%2, %3 bits/pixel).")
                                           .arg(s.gain_over_lossless(), 0, 'f', 2)
                                           .arg(QString::fromStdString(s.lossless_codec))
                                           .arg(s.lossless_bpp, 0, 'f', 3);
    } else {
        text = tr("No setting of %1 keeps %2 on this frame: keep it lossless.").arg(r.family, limits);
        if (!s.lossless_codec.empty())
            text += QLatin1Char(' ') + tr("Best lossless codec tried: %1, %2 bits/pixel.")
                                           .arg(QString::fromStdString(s.lossless_codec))
                                           .arg(s.lossless_bpp, 0, 'f', 3);
    }
    suggestText_->setText(text);
    suggestion_ = std::move(r);
    emit suggestionReady();
}

}  // namespace bitsky
