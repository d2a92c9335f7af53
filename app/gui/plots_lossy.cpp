// The rate-fidelity plots of the store's lossy results (issue #22): bits per pixel against
// the noise increase ("lossy-noise") or the photometric error ("lossy-phot"), one curve per
// lossy codec family over its settings (store::rate_fidelity), the best lossless codec of
// each dataset as a dashed vertical reference. Every name says "lossy"; lossless results
// appear only as the labelled reference, and lossy ones never in the other plots.
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/gui/plots_panel.h"
#include "app/gui/plots_panel_detail.h"

namespace bitsky {
using namespace plots_detail;

void PlotsPanel::drawLossy(const QString& name) {
    const bool phot = name == QLatin1String("lossy-phot");
    PlotCanvas* c = canvas(name);
    c->clearAll();
    c->setAxisLabels(tr("Lossy: bits/pixel"), phot ? tr("Photometric error (% of its sigma)") : tr("Noise increase (%)"));
    store::TextTable table;
    table.caption = str(tr("Rate-fidelity of lossy codecs (%1 pixels): per codec setting the bits/pixel and the means "
                           "over its results of the noise increase (sigma_out / sigma_in - 1: measured by the noise "
                           "estimator, and exact for independent errors) and the RMS aperture-photometry error in "
                           "units of the photometric sigma. Lossless rows are references, not lossy results.")
                            .arg(QString::fromStdString(store::pixel_type_label(bitpix_))));
    table.columns = {str(tr("Dataset")), str(tr("Codec family")), str(tr("Codec")), str(tr("Kind")), str(tr("Bits/pixel")),
                     str(tr("Ratio")), str(tr("Noise increase (%)")), str(tr("Noise increase, exact (%)")),
                     str(tr("Photometric error RMS (% of sigma)")), str(tr("Results with fidelity"))};
    table.numeric = {false, false, false, false, true, true, true, true, true, true};
    std::set<std::string> datasets;
    for (const auto& cv : data_.rate.curves) datasets.insert(cv.dataset);
    const bool many = datasets.size() > 1;
    QStringList families;
    for (const auto& cv : data_.rate.curves)
        if (!families.contains(QString::fromStdString(cv.family))) families << QString::fromStdString(cv.family);
    families.sort();
    auto pct = [](const std::optional<double>& v) { return v ? std::optional<double>(100 * *v) : std::nullopt; };
    double ymin = 1e300, ymax = -1e300;
    int drawn = 0;
    for (const auto& cv : data_.rate.curves) {
        const QString family = QString::fromStdString(cv.family);
        const QColor colour = codecPalette().at(int(families.indexOf(family)) % codecPalette().size());
        QVector<double> x, y;
        QStringList tips;
        for (const auto& p : cv.points) {
            table.rows.push_back({cv.dataset, cv.family, p.codec, str(tr("lossy")), num(p.bpp), optNum(p.ratio),
                                  optNum(pct(p.noise_increase)), optNum(pct(p.noise_increase_exact)),
                                  optNum(pct(p.phot_error_rms)), std::to_string(p.fidelity_results)});
            const std::optional<double> v = phot ? pct(p.phot_error_rms) : pct(p.noise_increase);
            if (!v) continue;
            x << p.bpp;
            y << *v;
            ymin = std::min(ymin, *v);
            ymax = std::max(ymax, *v);
            tips << tr("%1 (lossy), %2\n%3 bits/pixel, ratio %4\nnoise increase %5% (exact %6%)\nphotometric error %7% "
                       "of its sigma\n%n result(s) with fidelity",
                       nullptr, int(p.fidelity_results))
                        .arg(QString::fromStdString(p.codec), QString::fromStdString(cv.dataset), fmt(p.bpp),
                             p.ratio ? fmt(*p.ratio) : QStringLiteral("-"),
                             p.noise_increase ? fmt(100 * *p.noise_increase, 2) : QStringLiteral("-"),
                             p.noise_increase_exact ? fmt(100 * *p.noise_increase_exact, 2) : QStringLiteral("-"),
                             p.phot_error_rms ? fmt(100 * *p.phot_error_rms, 2) : QStringLiteral("-"));
        }
        if (x.isEmpty()) continue;
        const QString label = many ? tr("%1 (lossy) - %2").arg(family, QString::fromStdString(cv.dataset))
                                   : tr("%1 (lossy)").arg(family);
        QCPGraph* g = c->addPoints(label, x, y, colour, tips);
        g->setLineStyle(QCPGraph::lsLine);
        g->setPen(QPen(colour, 1.5));
        g->setProperty("family", family);
        g->setProperty("dataset", QString::fromStdString(cv.dataset));
        g->setProperty("role", QStringLiteral("lossy"));
        ++drawn;
    }
    // The best lossless codec of each dataset drawn: the bpp a lossy setting has to beat.
    std::map<std::string, const store::LosslessReference*> best;
    for (const auto& l : data_.rate.lossless) {
        table.rows.push_back({l.dataset, std::string(), l.codec, str(tr("lossless (reference)")), num(l.bpp), std::string(),
                              std::string(), std::string(), std::string(), std::string()});
        if (datasets.contains(l.dataset) && (!best.contains(l.dataset) || l.bpp < best[l.dataset]->bpp)) best[l.dataset] = &l;
    }
    if (drawn > 0) {
        if (ymax <= ymin) ymax = ymin + 1;
        const double pad = 0.05 * (ymax - ymin);
        for (const auto& [dataset, l] : best) {
            const QString label = many ? tr("lossless: %1 (%2 bpp) - %3").arg(QString::fromStdString(l->codec), fmt(l->bpp, 2),
                                                                                QString::fromStdString(dataset))
                                       : tr("lossless: %1 (%2 bpp)").arg(QString::fromStdString(l->codec), fmt(l->bpp, 2));
            QCPGraph* g = c->addCurve(label, {l->bpp, l->bpp}, {std::min(0.0, ymin) - pad, ymax + pad},
                                      QPen(Qt::black, 1.2, Qt::DashLine));
            g->setProperty("role", QStringLiteral("lossless"));
            g->setProperty("codec", QString::fromStdString(l->codec));
        }
    }
    tables_.insert(name, table);
    if (drawn == 0) {
        if (!data_.error.isEmpty())
            c->setMessage(status_->text());
        else
            c->setMessage(tr("Run a benchmark with lossy codecs (e.g. rice:q4) to see rate-fidelity curves"));
    }
    c->fitAxes();
    c->replot();
}

}  // namespace bitsky
