// The plots drawn from the results store: ratio, ratio vs noise, speed, histogram and the
// neural cross-dataset matrix (PlotsPanel::apply() redraws them after each store read).
#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <utility>

#include "app/gui/plots_panel.h"
#include "app/gui/fs_path.h"
#include "app/gui/plots_panel_detail.h"
#include "engine/analysis/predict.h"
#include "engine/store/noise_fit.h"
#include "engine/util/stats.h"
#include "widgets/colour_map.h"

namespace bitsky {
using namespace plots_detail;
namespace {

QString modelLabel(const QString& kind) {
    QString k = kind;
    if (k.startsWith(QLatin1String("neural:"))) k = k.mid(7);
    if (k.startsWith(QLatin1String("neural-net:"))) k = PlotsPanel::tr("%1 (network alone)").arg(k.mid(11));
    if (k.endsWith(QLatin1String(":tiled"))) k = PlotsPanel::tr("%1 (tiled context)").arg(k.chopped(6));
    return k;
}

}  // namespace

void PlotsPanel::drawRatio() {
    PlotCanvas* c = canvas(QStringLiteral("ratio"));
    c->clearAll();
    QStringList datasets;
    for (const auto* rows : {&data_.byDataset, &data_.estByDataset})
        for (const auto& r : *rows) {
            QString d = QString::fromStdString(r.dataset);
            if (!datasets.contains(d)) datasets << d;
        }
    c->setCategories(datasets);
    c->setAxisLabels(tr("Dataset"), tr("Compression ratio"));
    store::TextTable table;
    table.caption = str(tr("Compression ratio per codec per dataset: total bytes = sum raw / sum compressed; "
                           "mean of images = mean of per-image ratios. Estimated rows are neural likelihoods "
                           "(no entropy coder ran)."));
    table.columns = {str(tr("Dataset")), str(tr("Codec")), str(tr("Kind")), str(tr("Images")), str(tr("Ratio (total bytes)")),
                     str(tr("Ratio (mean of images)")), str(tr("Bits/pixel"))};
    table.numeric = {false, false, false, true, true, true, true};
    // Each dataset is a group: per codec two bars side by side, the total-bytes ratio
    // (solid) and the mean of the per-image ratios (hatched). Neural estimates follow the
    // measured codecs, cross-hatched, with the estimate label in the legend.
    QStringList all = codecs_ + estimated_;
    const int n = int(all.size()) * 2;
    const double group = 0.8, w = n > 0 ? group / n : group;
    for (int j = 0; j < all.size(); ++j) {
        const bool est = j >= codecs_.size();
        const auto& rows = est ? data_.estByDataset : data_.byDataset;
        for (const auto& r : rows) {
            if (QString::fromStdString(r.codec) != all[j]) continue;
            table.rows.push_back({r.dataset, r.codec, str(est ? tr("estimated (likelihood, no entropy coder)") : tr("measured")),
                                  std::to_string(r.images), optNum(r.ratio), optNum(r.mean_image_ratio), optNum(r.bpp)});
        }
        for (int agg = 0; agg < 2; ++agg) {
            QVector<double> x, h;
            QStringList tips;
            for (const auto& r : rows) {
                if (QString::fromStdString(r.codec) != all[j]) continue;
                auto v = agg == 0 ? r.ratio : r.mean_image_ratio;
                if (!v) continue;
                int di = int(datasets.indexOf(QString::fromStdString(r.dataset)));
                x << di + 1 - group / 2 + w * (2 * j + agg + 0.5);
                h << *v;
                QString tip = tr("%1, %2\nratio (total bytes) %3\nmean of per-image ratios %4\n%5 image(s), %6 failure(s)")
                                  .arg(all[j], QString::fromStdString(r.dataset))
                                  .arg(r.ratio ? fmt(*r.ratio) : QStringLiteral("-"))
                                  .arg(r.mean_image_ratio ? fmt(*r.mean_image_ratio) : QStringLiteral("-"))
                                  .arg(r.images)
                                  .arg(r.failures);
                if (est) tip += QLatin1Char('\n') + tr("estimated (likelihood, no entropy coder)");
                tips << tip;
            }
            QString name = agg == 0 ? tr("%1 (total bytes)").arg(all[j]) : tr("%1 (mean of images)").arg(all[j]);
            if (est) name += QStringLiteral(" - ") + tr("estimated (likelihood, no entropy coder)");
            QCPBars* b = c->addBars(name, x, h, colourOf(all[j]), tips, nullptr, w * 0.95);
            b->setProperty("codec", all[j]);
            b->setProperty("estimated", est);
            b->setProperty("aggregate", agg == 0 ? QStringLiteral("total") : QStringLiteral("mean"));
            if (est) {
                b->setBrush(QBrush(colourOf(all[j]), agg == 0 ? Qt::DiagCrossPattern : Qt::CrossPattern));
                b->setPen(QPen(colourOf(all[j]).darker(130), 1.2, Qt::DashLine));
            } else if (agg == 1) {
                b->setBrush(QBrush(colourOf(all[j]).darker(110), Qt::BDiagPattern));
            }
        }
    }
    tables_.insert(QStringLiteral("ratio"), table);
    if (datasets.isEmpty()) c->setMessage(status_->text());
    c->fitAxes();
    c->xAxis->setRange(0.4, datasets.size() + 0.6);
    c->yAxis->setRangeLower(0);
    c->replot();
}

void PlotsPanel::drawNoise() {
    PlotCanvas* c = canvas(QStringLiteral("noise"));
    c->clearAll();
    c->setLogX(true);
    // The pixel type shown: ratios are its bits over bits/pixel; floats' sigmas are in the
    // data's units and their floor depends on each value's precision (no Gaussian curve).
    const bool floating = bitpix_ < 0;
    const double bits = std::abs(bitpix_);
    const QString units = floating ? tr("data units") : tr("ADU");
    c->setAxisLabels(tr("Noise sigma (%1, log scale)").arg(units), tr("Compression ratio"));
    store::TextTable table;
    table.caption = floating ? str(tr("Compression ratio vs robust noise sigma (data units) per image of %1 pixels; fit "
                                      "per codec of bits/pixel = a + b log2(sigma) over images whose noise is not "
                                      "correlated, residual = measured - fitted bits/pixel.")
                                       .arg(QString::fromStdString(store::pixel_type_label(bitpix_))))
                             : str(tr("Compression ratio vs robust noise sigma per image of %1 pixels; prediction = %2 / "
                                      "entropy of the rounded Gaussian; fit per codec of bits/pixel = a + b log2(sigma) "
                                      "over images whose noise is not correlated, residual = measured - fitted bits/pixel.")
                                       .arg(QString::fromStdString(store::pixel_type_label(bitpix_)))
                                       .arg(bits));
    table.columns = {str(tr("Image")), str(tr("HDU")), str(tr("Codec")), str(tr("Kind")), str(tr("Noise sigma (%1)").arg(units)),
                     str(tr("Ratio")), str(tr("Gaussian-entropy prediction")), str(tr("Bits/pixel")),
                     str(tr("Fitted bits/pixel")), str(tr("Residual (bits/pixel)")), str(tr("Correlated noise"))};
    table.numeric = {false, true, false, false, true, true, true, true, true, true, false};
    double smin = 1e300, smax = 0;
    const QStringList all = codecs_ + estimated_;
    for (int j = 0; j < all.size(); ++j) {
        const QString& codec = all[j];
        const bool est = j >= codecs_.size();
        struct Point {
            const store::ReportRow* row;
            QString key;
            double sigma;
            bool correlated;
        };
        std::vector<Point> pts;
        for (const auto& r : est ? data_.estByImage : data_.byImage) {
            if (QString::fromStdString(r.codec) != codec || !r.ratio) continue;
            QString key = imageKey(fromFsBytes(r.image), r.hdu);
            auto it = data_.sigma.find(key);
            if (it == data_.sigma.end()) continue;
            pts.push_back({&r, key, *it, data_.correlated.contains(key)});
        }
        if (pts.empty()) continue;
        // Least squares of bits/pixel = a + b log2(sigma) over the uncorrelated images (the
        // others are shown against the line, not fitted): the store's fit, as report --noise-fit.
        // bpp as the store computes it (8 x bytes / pixels, any pixel width).
        auto bppOf = [bits](const store::ReportRow& r) { return r.bpp ? *r.bpp : bits / *r.ratio; };
        store::NoiseFits nf;
        std::optional<util::LineFit> line;
        if (!est) {
            for (const auto& p : pts)
                nf.points.push_back({p.row->dataset, p.row->image, p.row->hdu, p.row->codec, p.sigma, bppOf(*p.row),
                                     p.correlated, {}});
            store::fit_noise_points(nf);
            if (!nf.fits.empty()) line = nf.fits.front().line;
        }
        QVector<double> x, y;
        QStringList tips, keys;
        for (std::size_t i = 0; i < pts.size(); ++i) {
            const auto& p = pts[i];
            const store::ReportRow& r = *p.row;
            const double s = p.sigma, bpp = bppOf(r);
            x << s;
            y << *r.ratio;
            keys << p.key;
            const double pred = floating ? 0.0 : bits / analysis::gaussian_entropy_bits(s);
            QString tip = tr("%1 [HDU %2]\n%3: ratio %4\nnoise sigma %5 %6")
                              .arg(QFileInfo(fromFsBytes(r.image)).fileName())
                              .arg(r.hdu)
                              .arg(codec, fmt(*r.ratio), fmt(s, 2), units);
            if (!floating) tip += QLatin1Char('\n') + tr("Gaussian-entropy prediction %1").arg(fmt(pred));
            if (est) tip += QLatin1Char('\n') + tr("estimated (likelihood, no entropy coder)");
            std::string fitted, residual;
            if (line) {
                const double f = *nf.points[i].fitted;
                fitted = num(f);
                residual = num(bpp - f);
                tip += QLatin1Char('\n') + tr("residual from the fit: %1 bits/pixel").arg(fmt(bpp - f, 3));
            }
            if (p.correlated) tip += QLatin1Char('\n') + tr("correlated noise: not in the fit (the Gaussian floor is no bound)");
            tips << tip;
            table.rows.push_back({r.image, std::to_string(r.hdu), r.codec,
                                  str(est ? tr("estimated (likelihood, no entropy coder)") : tr("measured")), num(s), num(*r.ratio),
                                  floating ? std::string() : num(pred), num(bpp), fitted, residual,
                                  str(p.correlated ? tr("yes") : tr("no"))});
            smin = std::min(smin, s);
            smax = std::max(smax, s);
        }
        QCPGraph* g = c->addPoints(est ? tr("%1 - estimated (likelihood, no entropy coder)").arg(codec) : codec, x, y,
                                   colourOf(codec), tips, keys, est ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssCircle);
        g->setProperty("codec", codec);
        g->setProperty("estimated", est);
        g->setProperty("role", est ? QStringLiteral("estimated") : QStringLiteral("points"));
        if (est) {
            // Hollow markers: an estimate, not a measured codestream.
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, QPen(colourOf(codec), 1.6), QBrush(Qt::white), 9));
            continue;
        }
        if (line) {
            QVector<double> fx, fy;
            double lo = *std::min_element(x.begin(), x.end()), hi = *std::max_element(x.begin(), x.end());
            for (int k = 0; k <= 60; ++k) {
                double s = lo * std::pow(hi / lo, k / 60.0);
                double bpp = line->at(std::log2(s));
                if (bpp <= 0) continue;
                fx << s;
                fy << bits / bpp;
            }
            QPen pen(colourOf(codec), 1.5, Qt::DashLine);
            QCPGraph* fit = c->addCurve(tr("%1 fit: bpp = %2 + %3 log2(sigma), rms residual %4 (%n image(s))", nullptr,
                                           int(line->n))
                                            .arg(codec, fmt(line->intercept, 2), fmt(line->slope, 2), fmt(line->rms_residual, 2)),
                                        fx, fy, pen);
            fit->setProperty("codec", codec);
            fit->setProperty("role", QStringLiteral("fit"));
            fit->setProperty("slope", line->slope);
            fit->setProperty("intercept", line->intercept);
            fit->setProperty("rmsResidual", line->rms_residual);
        }
    }
    tables_.insert(QStringLiteral("noise"), table);
    if (smax > 0) {
        if (!floating) {
            QVector<double> px, py;
            double lo = smin / 1.5, hi = smax * 1.5;
            for (int k = 0; k <= 120; ++k) {
                double s = lo * std::pow(hi / lo, k / 120.0);
                double b = analysis::gaussian_entropy_bits(s);
                if (b <= 0) continue;
                px << s;
                py << bits / b;
            }
            QCPGraph* pred =
                c->addCurve(tr("Gaussian entropy: %1 / log2(sigma sqrt(2 pi e))").arg(bits), px, py, QPen(Qt::black, 2));
            pred->setProperty("role", QStringLiteral("prediction"));
        }
        c->fitAxes();
    } else {
        c->setMessage(data_.byImage.empty() ? status_->text() : tr("Estimating the noise of the images..."));
        c->replot();
    }
}

void PlotsPanel::drawSpeed() {
    PlotCanvas* c = canvas(QStringLiteral("speed"));
    c->clearAll();
    c->setLogY(true);
    c->setAxisLabels(tr("Compression ratio (total bytes)"), tr("Encode speed (MB/s, log scale)"));
    store::TextTable table;
    table.caption = str(tr("Encode speed vs compression ratio per codec and dataset (MB = 1e6 raw bytes)."));
    table.columns = {str(tr("Dataset")), str(tr("Codec")), str(tr("Ratio (total bytes)")), str(tr("Encode MB/s")),
                     str(tr("Decode MB/s"))};
    table.numeric = {false, false, true, true, true};
    std::map<QString, std::vector<std::pair<double, double>>> perDataset;
    bool any = false;
    for (const QString& codec : codecs_) {
        QVector<double> x, y;
        QStringList tips;
        for (const auto& r : data_.byDataset) {
            if (QString::fromStdString(r.codec) != codec || !r.ratio || !r.encode_mb_s || *r.encode_mb_s <= 0) continue;
            x << *r.ratio;
            y << *r.encode_mb_s;
            tips << tr("%1, %2\nratio %3\nencode %4 MB/s, decode %5 MB/s")
                        .arg(codec, QString::fromStdString(r.dataset), fmt(*r.ratio), fmt(*r.encode_mb_s, 1))
                        .arg(r.decode_mb_s ? fmt(*r.decode_mb_s, 1) : QStringLiteral("-"));
            table.rows.push_back({r.dataset, r.codec, optNum(r.ratio), optNum(r.encode_mb_s, 3), optNum(r.decode_mb_s, 3)});
            perDataset[QString::fromStdString(r.dataset)].push_back({*r.ratio, *r.encode_mb_s});
        }
        if (x.isEmpty()) continue;
        any = true;
        c->addPoints(codec, x, y, colourOf(codec), tips, {}, QCPScatterStyle::ssDiamond)->setProperty("codec", codec);
    }
    tables_.insert(QStringLiteral("speed"), table);
    // Pareto front per dataset: no other codec is both faster and compresses better.
    bool first = true;
    for (auto& [dataset, pts] : perDataset) {
        std::sort(pts.begin(), pts.end(), [](auto a, auto b) { return a.first > b.first; });
        QVector<double> fx, fy;
        double best = 0;
        for (auto [ratio, speed] : pts) {
            if (speed <= best) continue;
            best = speed;
            fx.prepend(ratio);
            fy.prepend(speed);
        }
        QCPGraph* g = c->addCurve(perDataset.size() > 1 ? tr("Pareto front (%1)").arg(dataset) : tr("Pareto front"), fx, fy,
                                  QPen(QColor(60, 60, 60), 1.2, Qt::DotLine));
        g->setLineStyle(QCPGraph::lsStepRight);
        g->setProperty("role", QStringLiteral("pareto"));
        if (!first) g->removeFromLegend();
        first = false;
    }
    if (!any) c->setMessage(status_->text());
    c->fitAxes();
}

void PlotsPanel::drawHistogram() {
    PlotCanvas* c = canvas(QStringLiteral("histogram"));
    c->clearAll();
    c->setAxisLabels(tr("Per-image compression ratio"), tr("Images"));
    store::TextTable table;
    table.caption = str(tr("Histogram of per-image compression ratios (measured codecs)."));
    table.columns = {str(tr("Codec")), str(tr("Ratio from")), str(tr("Ratio to")), str(tr("Images"))};
    table.numeric = {false, true, true, true};
    double lo = 1e300, hi = -1e300;
    for (const auto& r : data_.byImage)
        if (r.ratio) {
            lo = std::min(lo, *r.ratio);
            hi = std::max(hi, *r.ratio);
        }
    if (hi < lo) {
        tables_.insert(QStringLiteral("histogram"), table);
        c->setMessage(status_->text());
        c->fitAxes();
        return;
    }
    const int bins = 20;
    double width = std::max((hi - lo) / bins, 1e-3);
    for (const QString& codec : codecs_) {
        QVector<double> count(bins, 0.0);
        for (const auto& r : data_.byImage)
            if (QString::fromStdString(r.codec) == codec && r.ratio)
                count[std::clamp(int((*r.ratio - lo) / width), 0, bins - 1)] += 1;
        QVector<double> x;
        QStringList tips;
        for (int b = 0; b < bins; ++b) {
            x << lo + (b + 0.5) * width;
            tips << tr("%1: %n image(s) with ratio %2 .. %3", nullptr, int(count[b]))
                        .arg(codec, fmt(lo + b * width), fmt(lo + (b + 1) * width));
            table.rows.push_back({str(codec), num(lo + b * width), num(lo + (b + 1) * width), std::to_string(int(count[b]))});
        }
        c->addBars(codec, x, count, colourOf(codec), tips, nullptr, width)->setProperty("codec", codec);
    }
    tables_.insert(QStringLiteral("histogram"), table);
    c->fitAxes();
    c->yAxis->setRangeLower(0);
    c->replot();
}
void PlotsPanel::drawMatrix() {
    PlotCanvas* c = canvas(QStringLiteral("matrix"));
    c->clearAll();
    matrixMap_ = nullptr;
    const auto& m = data_.matrix;
    store::TextTable table;
    table.caption = str(tr("Cross-dataset matrix: bits per pixel of each neural model (row) on each dataset (column); "
                           "estimated (likelihood, no entropy coder)."));
    table.columns = {str(tr("Model"))};
    for (const auto& d : m.datasets) table.columns.push_back(d);
    table.numeric.assign(table.columns.size(), true);
    table.numeric[0] = false;
    c->setAxisLabels(tr("Test dataset"), tr("Model (trained on its own data)"));
    if (m.empty()) {
        tables_.insert(QStringLiteral("matrix"), table);
        c->setMessage(tr("No neural model evaluations in the store yet: train models (bitsky-cli train) and evaluate "
                         "them on datasets (bitsky-cli evaluate --models A,B --data X,Y --db STORE) to fill this "
                         "matrix."));
        c->replot();
        return;
    }
    QStringList cols, rows;
    for (const auto& d : m.datasets) cols << QString::fromStdString(d);
    for (const auto& k : m.models) rows << modelLabel(QString::fromStdString(k));
    c->setCategories(cols);
    QSharedPointer<QCPAxisTickerText> yt(new QCPAxisTickerText);
    for (int i = 0; i < rows.size(); ++i) yt->addTick(i + 1, rows[i]);
    c->yAxis->setTicker(yt);
    matrixMap_ = new QCPColorMap(c->xAxis, c->yAxis);
    matrixMap_->setName(tr("Estimated bits/pixel"));
    matrixMap_->data()->setSize(int(cols.size()), int(rows.size()));
    matrixMap_->data()->setRange(QCPRange(1, std::max<double>(1, cols.size())), QCPRange(1, std::max<double>(1, rows.size())));
    if (cols.size() == 1) matrixMap_->data()->setKeyRange(QCPRange(0.5, 1.5));
    if (rows.size() == 1) matrixMap_->data()->setValueRange(QCPRange(0.5, 1.5));
    double lo = 1e300, hi = -1e300;
    for (int i = 0; i < rows.size(); ++i) {
        std::vector<std::string> line{m.models[std::size_t(i)]};
        for (int j = 0; j < cols.size(); ++j) {
            const auto& v = m.bpp[std::size_t(i)][std::size_t(j)];
            matrixMap_->data()->setCell(j, i, v ? *v : std::nan(""));
            line.push_back(optNum(v));
            if (!v) continue;
            lo = std::min(lo, *v);
            hi = std::max(hi, *v);
            auto* t = new QCPItemText(c);
            t->position->setType(QCPItemPosition::ptPlotCoords);
            t->position->setCoords(j + 1, i + 1);
            t->setText(tr("%1 bpp\nratio %2\n%n frame(s)", nullptr, int(m.frames[std::size_t(i)][std::size_t(j)]))
                           .arg(fmt(*v, 3), fmt(16.0 / *v, 3)));
            t->setColor(Qt::white);
            t->setBrush(QColor(0, 0, 0, 110));
            t->setPadding(QMargins(3, 2, 3, 2));
            t->setSelectable(false);
        }
        table.rows.push_back(std::move(line));
    }
    tables_.insert(QStringLiteral("matrix"), table);
    matrixMap_->setInterpolate(false);
    matrixMap_->setColorScale(matrixScale_);
    QCPColorGradient g;
    g.clearColorStops();
    const ColourTable& ct = colourTable(ColourMap::Viridis);
    for (int i = 0; i <= 16; ++i) g.setColorStopAt(std::min(255, i * 16) / 255.0, QColor::fromRgb(ct[std::size_t(std::min(255, i * 16))]));
    g.setNanHandling(QCPColorGradient::nhNanColor);
    g.setNanColor(QColor(230, 230, 230));
    matrixMap_->setGradient(g);
    matrixMap_->setDataRange(QCPRange(lo, hi > lo ? hi : lo + 1e-3));
    matrixScale_->axis()->setLabel(tr("Bits/pixel, estimated (likelihood, no entropy coder)"));
    c->xAxis->setRange(0.5, cols.size() + 0.5);
    c->yAxis->setRange(0.5, rows.size() + 0.5);
    c->replot();
}

}  // namespace bitsky
