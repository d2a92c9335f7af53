// The Lossy panel: the dock's layout and the difference map of one lossy setting on the
// frame shown (the suggestion is in lossy_suggest_view.cpp).
#include "app/gui/lossy_panel.h"

#include "app/gui/cost_maps.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "app/gui/pools.h"
#include "app/gui/regions_panel.h"
#include "engine/analysis/fidelity.h"
#include "engine/codecs/codec.h"
#include "widgets/image_view.h"

namespace bitsky {
namespace {

// The worker: the engine's lossy round trip (the decoded frame kept), its fidelity, and
// original - decoded.
DifferenceResult computeDifference(const ShownFrame& shown, const QString& spec, const std::stop_token& stop) {
    DifferenceResult r;
    r.spec = spec;
    try {
        const PixelFrame frame = shown.values();
        r.width = frame.width;
        r.height = frame.height;
        const auto codec = codecs::make_codec(spec.toStdString());
        const std::string refused = codec->refusal(frame.bitpix(), frame.width, frame.height);
        if (!refused.empty()) {
            r.error = QString::fromStdString(refused);
            return r;
        }
        codecs::CodecResult rt = codecs::roundtrip(*codec, frame);
        if (!rt.ok() || !rt.decoded) {
            r.error = QString::fromStdString(rt.error.empty() ? spec.toStdString() + ": no decoded frame" : rt.error);
            return r;
        }
        r.rawBytes = rt.raw_bytes;
        r.compressedBytes = rt.compressed_bytes;
        r.bpp = rt.bpp();
        if (stop.stop_requested()) return r;
        analysis::FidelityOptions options;
        options.noise = shown.noise;
        r.fidelity = analysis::measure_fidelity(frame, *rt.decoded, options);
        r.diff = analysis::difference_map(frame, *rt.decoded);
    } catch (const std::exception& e) {
        r.error = QString::fromStdString(e.what());
    }
    return r;
}

// Symmetric about 0: +- the 99.5th percentile of |difference| (a few outliers, e.g. NaN
// neighbours or saturated pixels, would otherwise make the rest one colour).
DisplayRange symmetricRange(const std::vector<double>& d) {
    std::vector<double> s;
    const std::size_t stride = std::max<std::size_t>(1, d.size() / (1u << 18));
    for (std::size_t i = 0; i < d.size(); i += stride)
        if (std::isfinite(d[i])) s.push_back(std::fabs(d[i]));
    if (s.empty()) return {-1, 1};
    const auto k = static_cast<std::ptrdiff_t>(0.995 * double(s.size() - 1));
    std::nth_element(s.begin(), s.begin() + k, s.end());
    double top = s[static_cast<std::size_t>(k)];
    if (!(top > 0)) top = std::max(*std::max_element(s.begin(), s.end()), 1e-12);
    return {-top, top};
}

QString num(double v, int prec = 4) { return QString::number(v, 'g', prec); }

}  // namespace

QStringList LossyPanel::offeredSpecs() {
    QStringList out;
    for (const auto& s : codecs::lossy_codec_specs()) out << QString::fromStdString(s);
    for (const auto& s : analysis::quantization_ladder("rice"))
        if (!out.contains(QString::fromStdString(s))) out << QString::fromStdString(s);
    return out;
}

LossyPanel::LossyPanel(ImageView* view, RegionsPanel* regions, QWidget* parent)
    : QWidget(parent),
      view_(view),
      regions_(regions),
      diffTask_(computePool(), LatestTask<DifferenceResult>::Mode::Queue,
                [this](DifferenceResult r) { applyDifference(std::move(r)); }),
      suggestTask_(computePool(), LatestTask<SuggestionResult>::Mode::Queue,
                   [this](SuggestionResult r) { applySuggestion(std::move(r)); }) {
    auto* inner = new QWidget;
    auto* lay = new QVBoxLayout(inner);
    auto* row = new QHBoxLayout;
    spec_ = new QComboBox(inner);
    spec_->setEditable(true);
    spec_->addItems(offeredSpecs());
    spec_->setCurrentText(QStringLiteral("rice:q4"));
    spec_->setToolTip(tr("A lossy codec setting, e.g. rice:q4 (fpack -q 4), hcompress:q16 or rice:q4:d2; any lossy "
                         "codec's spec"));
    auto* compute = new QPushButton(tr("Difference map"), inner);
    compute->setToolTip(tr("Encode and decode the frame shown with this setting and draw original - decoded over the image"));
    row->addWidget(new QLabel(tr("Lossy setting"), inner));
    row->addWidget(spec_, 1);
    row->addWidget(compute);
    lay->addLayout(row);
    status_ = new QLabel(tr("Open an image and press Difference map to see what a lossy setting changes."), inner);
    status_->setWordWrap(true);
    lay->addWidget(status_);
    fidelity_ = new QLabel(inner);
    fidelity_->setWordWrap(true);
    fidelity_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    lay->addWidget(fidelity_);
    table_ = new QTableWidget(0, 6, inner);
    table_->setHorizontalHeaderLabels({tr("Area"), tr("N"), tr("Mean (bias)"), tr("RMS"), tr("Max |error|"), tr("RMS/sigma")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setToolTip(tr("original - decoded over the frame and over each region of the Regions panel, in the data's units"));
    table_->setMinimumHeight(90);
    lay->addWidget(table_);
    bar_ = new ColourBar(inner);
    bar_->setMinimumHeight(60);
    lay->addWidget(bar_);
    lay->addWidget(buildSuggestion());
    lay->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(inner);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    connect(compute, &QPushButton::clicked, this, [this] { startDifference(spec_->currentText().trimmed()); });
    connect(regions_->overlay(), &RegionOverlay::regionsChanged, this, &LossyPanel::updateRows);
}

void LossyPanel::frameShown(ShownFrame frame) {
    frame_ = std::move(frame);
    diffTask_.cancel();
    suggestTask_.cancel();
    const bool had = diff_.has_value() || suggestion_.has_value();
    diff_.reset();
    suggestion_.reset();
    rows_.clear();
    table_->setRowCount(0);
    ladder_->setRowCount(0);
    fidelity_->clear();
    suggestText_->clear();
    if (overlayShown_) view_->clearOverlay();
    overlayShown_ = false;
    bar_->clearScale();
    status_->setText(frame_.empty() ? (frame_.bitpix == 64 ? tr("Lossy settings are not tried on 64-bit integer images.")
                                                           : tr("Open an image and press Difference map to see what a "
                                                                "lossy setting changes."))
                     : had ? tr("Another frame is shown: press Difference map again for it.")
                           : tr("Press Difference map to see what a lossy setting changes in this frame."));
}

bool LossyPanel::startDifference(const QString& spec) {
    if (frame_.empty()) {
        status_->setText(tr("Open an image first: the difference map is made of the frame shown."));
        return false;
    }
    try {
        if (!codecs::make_codec(spec.toStdString())->lossy()) {
            status_->setText(tr("%1 is lossless: its difference map would be 0 everywhere. Choose a lossy setting.").arg(spec));
            return false;
        }
    } catch (const std::exception& e) {
        status_->setText(QString::fromStdString(e.what()));
        return false;
    }
    spec_->setCurrentText(spec);
    diffTask_.startPrepared([this, frame = frame_, spec] {
        status_->setText(tr("Encoding and decoding the frame with %1 ...").arg(spec));
        return [frame, spec](std::stop_token stop) { return computeDifference(frame, spec, stop); };
    });
    return true;
}

void LossyPanel::applyDifference(DifferenceResult r) {
    if (r.error.isEmpty() && !r.fidelity) r.error = tr("the encoding was not measured");
    if (!r.error.isEmpty()) {
        status_->setText(tr("Cannot make the difference map: %1").arg(r.error));
        emit failed(r.error);
        return;
    }
    if (int(r.width) != view_->frameWidth() || int(r.height) != view_->frameHeight()) {
        status_->setText(tr("The image changed while the difference map was computed."));
        emit failed(status_->text());
        return;
    }
    const DisplayRange range = symmetricRange(r.diff);
    std::vector<float> values(r.diff.size());
    std::transform(r.diff.begin(), r.diff.end(), values.begin(), [](double v) { return float(v); });
    const QString unit = frame_.bunit.empty() ? tr("data units") : QString::fromStdString(frame_.bunit);
    bar_->setScale(ColourMap::Diverging, range, Stretch::Linear, linearBarLevels(), tr("original - decoded (%1)").arg(unit));
    view_->setOverlay(std::move(values), range, ColourMap::Diverging);
    overlayShown_ = true;
    const Fidelity& f = *r.fidelity;
    status_->setText(tr("%1 (lossy): %2 bits/pixel, ratio %3. Red: the original is higher than the decoded value.")
                         .arg(r.spec, num(r.bpp), num(r.ratio())));
    auto pct = [](const std::optional<double>& v) { return v ? QString::number(100 * *v, 'f', 3) : QStringLiteral("-"); };
    fidelity_->setText(tr("Fidelity: noise increase %1% (exact for independent errors %2%), photometric error %3% of its "
                          "sigma (RMS over %4 source(s)), RMS error / sigma %5, max |error| %6, background shift %7.")
                           .arg(pct(f.noise_increase), pct(f.noise_increase_exact), pct(f.phot_error_rms))
                           .arg(f.sources)
                           .arg(f.rms_over_sigma ? num(*f.rms_over_sigma) : QStringLiteral("-"))
                           .arg(num(f.max_abs_error), num(f.background_shift)));
    diff_ = std::move(r);
    updateRows();
    emit differenceReady();
}

void LossyPanel::updateRows() {
    rows_.clear();
    if (diff_) {
        const double sigma = diff_->fidelity ? diff_->fidelity->sigma_in : 0.0;
        rows_.push_back({tr("Frame"), analysis::difference_stats(diff_->diff, {}, sigma)});
        const auto& regions = regions_->overlay()->regions();
        for (int i = 0; i < regions.size(); ++i) {
            const analysis::Region reg = RegionsPanel::toEngine(regions[i]);
            const auto mask = reg.mask(diff_->width, diff_->height);
            rows_.push_back({tr("Region %1 (%2)").arg(i + 1).arg(QString::fromLatin1(reg.shape_name())),
                             analysis::difference_stats(diff_->diff, mask, sigma)});
        }
    }
    table_->setRowCount(int(rows_.size()));
    for (int i = 0; i < int(rows_.size()); ++i) {
        const auto& s = rows_[std::size_t(i)].stats;
        const QStringList cells{rows_[std::size_t(i)].area, QString::number(s.n), num(s.mean), num(s.rms), num(s.max_abs),
                                s.rms_over_sigma ? num(*s.rms_over_sigma) : QStringLiteral("-")};
        for (int c = 0; c < cells.size(); ++c) table_->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
}

}  // namespace bitsky
