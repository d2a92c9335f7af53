// The plots that follow the frame shown in the image view: the bit planes of that frame
// and, for a cube, the per-frame bits of 2D and cube-aware codecs (both computed in the
// background; the latest frame or image wins).
#include <QFileInfo>
#include <QLineEdit>
#include <algorithm>
#include <cmath>
#include <utility>

#include "app/gui/plots_panel.h"
#include "app/gui/fs_path.h"
#include "app/gui/plots_panel_detail.h"
#include "engine/analysis/noise.h"
#include "engine/analysis/predict.h"
#include "engine/fits/fits.h"

namespace bitsky {
using namespace plots_detail;
namespace {

// The image's bit planes and noise (a worker thread).
FramePlanes computePlanes(QString path, int hdu, qint64 frame, std::shared_ptr<const Cube16> pixels) {
    FramePlanes p;
    p.path = std::move(path);
    p.hdu = hdu;
    p.frame = frame;
    const Frame16 f = pixels->frame(0);
    p.planes = analysis::bit_planes(f.pixels);
    analysis::NoiseOptions opt;
    opt.tile = 0;
    p.sigma = analysis::estimate_noise(f, opt).sigma();
    return p;
}

// Per-frame bits of the whole cube for each spec (a worker thread; reads the file itself).
// One spec at a time, so a stop (window closed, another cube or other specs asked for)
// ends after the spec being coded instead of after all of them.
CubeCurves computeCurves(const QString& path, int hdu, const QStringList& specs, const std::stop_token& stop) {
    CubeCurves c;
    c.path = path;
    c.hdu = hdu;
    try {
        auto file = fits::File::open(toFsPath(path));
        if (stop.stop_requested()) return c;
        Cube16 cube = file.read_u16(hdu);
        c.axes = cube.axes();
        for (const QString& spec : specs) {
            if (stop.stop_requested()) break;
            auto one = codecs::frame_bits_curves(cube, {spec.trimmed().toStdString()});
            c.curves.insert(c.curves.end(), one.begin(), one.end());
        }
    } catch (const std::exception& e) {
        c.error = QString::fromStdString(e.what());
    }
    return c;
}

}  // namespace

QStringList PlotsPanel::defaultCubeSpecs(std::size_t naxes) {
    QStringList s{QStringLiteral("jpegls"), QStringLiteral("rice"), QStringLiteral("tdiff+jpegls"), QStringLiteral("tpred+jpegls"),
                  QStringLiteral("tdiff+rice")};
    if (naxes >= 4) s << QStringLiteral("bandpred+jpegls");
    return s;
}
void PlotsPanel::showFrame(const QString& path, int hdu, qint64 frame, std::shared_ptr<const Cube16> pixels,
                           const std::vector<std::size_t>& axes) {
    const bool newImage = path != framePath_ || hdu != frameHdu_;
    framePath_ = path;
    frameHdu_ = hdu;
    frameIndex_ = frame;
    frameAxes_ = axes;
    if (!pixels) {
        planesTask_.cancel();
        planes_.reset();
        drawPlanes();
    } else {
        planesTask_.start([path, hdu, frame, pixels = std::move(pixels)](std::stop_token) {
            return computePlanes(path, hdu, frame, pixels);
        });
    }
    if (newImage) {
        curvesTask_.cancel();  // a running computation is for the previous image
        curves_.reset();
        if (axes.size() > 2) {
            const QStringList specs = defaultCubeSpecs(axes.size());
            specsEdit_->setText(specs.join(QLatin1Char(',')));
            startCurves();
        }
    }
    drawCurves();
}

void PlotsPanel::setCubeSpecs(const QStringList& specs) {
    QStringList clean;
    for (const QString& s : specs)
        if (!s.trimmed().isEmpty()) clean << s.trimmed();
    specsEdit_->setText(clean.join(QLatin1Char(',')));
    if (frameAxes_.size() > 2) startCurves();  // a running computation (old specs) is stopped
}

QStringList PlotsPanel::cubeSpecs() const { return specsEdit_->text().split(QLatin1Char(','), Qt::SkipEmptyParts); }

void PlotsPanel::startCurves() {
    if (frameAxes_.size() <= 2 || framePath_.isEmpty()) return;
    curvesTask_.start([path = framePath_, hdu = frameHdu_, specs = cubeSpecs()](std::stop_token stop) {
        return computeCurves(path, hdu, specs, stop);
    });
    drawCurves();
}

void PlotsPanel::drawPlanes() {
    PlotCanvas* c = canvas(QStringLiteral("bitplanes"));
    c->clearAll();
    c->setAxisLabels(tr("Bit plane (0 = least significant)"), tr("Entropy (bits per pixel)"));
    store::TextTable table;
    table.columns = {str(tr("Bit plane")), str(tr("Entropy (bits/pixel)")), str(tr("Fraction of ones"))};
    table.numeric = {true, true, true};
    if (!planes_) {
        tables_.insert(QStringLiteral("bitplanes"), table);
        c->setMessage(framePath_.isEmpty() ? tr("Open a 16-bit integer image to see the entropy of its 16 bit planes.")
                                           : tr("Bit planes need a 16-bit integer image (BITPIX 16); open one to see "
                                                "the entropy of its 16 bit planes."));
        c->xAxis->setRange(-0.5, 15.5);
        c->yAxis->setRange(0, 1.05);
        c->replot();
        return;
    }
    const auto& a = planes_->planes;
    const double noiseBits = planes_->sigma > 0 ? std::log2(planes_->sigma) : 0.0;
    table.caption = str(tr("Entropy of each bit plane of %1 [HDU %2], frame %3; noise sigma %4 ADU, log2 sigma %5; "
                           "%6 low plane(s) nearly random (entropy >= 0.98)")
                            .arg(QFileInfo(planes_->path).fileName())
                            .arg(planes_->hdu)
                            .arg(planes_->frame)
                            .arg(fmt(planes_->sigma, 3), fmt(noiseBits, 3))
                            .arg(a.noise_bits));
    // The noise bits: planes below log2(sigma) are (nearly) random, so no lossless coder
    // can do much with them. Shaded first, so the bars are drawn over it.
    if (noiseBits > 0) {
        auto* band = new QCPItemRect(c);
        band->topLeft->setType(QCPItemPosition::ptPlotCoords);
        band->bottomRight->setType(QCPItemPosition::ptPlotCoords);
        band->topLeft->setCoords(-0.5, 1.16);
        band->bottomRight->setCoords(noiseBits - 0.5, 0);
        band->setPen(Qt::NoPen);
        band->setBrush(QColor(214, 39, 40, 40));
        band->setLayer(QStringLiteral("background"));
        auto* line = new QCPItemStraightLine(c);
        line->point1->setCoords(noiseBits - 0.5, 0);
        line->point2->setCoords(noiseBits - 0.5, 1);
        line->setPen(QPen(QColor(214, 39, 40), 1.5, Qt::DashLine));
        line->setObjectName(QStringLiteral("noise-bits"));
        line->setProperty("x", noiseBits);
        auto* text = new QCPItemText(c);
        text->position->setType(QCPItemPosition::ptPlotCoords);
        text->position->setCoords(noiseBits - 0.5, 1.14);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        text->setText(tr(" noise bits: log2 sigma = %1 (sigma %2 ADU)").arg(fmt(noiseBits, 2), fmt(planes_->sigma, 2)));
        text->setColor(QColor(160, 20, 20));
    }
    QVector<double> x, h;
    QStringList tips;
    for (int b = 0; b < 16; ++b) {
        x << b;
        h << a.plane_entropy[std::size_t(b)];
        tips << tr("bit plane %1: entropy %2 bits/pixel, %3% ones")
                    .arg(b)
                    .arg(fmt(a.plane_entropy[std::size_t(b)], 4))
                    .arg(fmt(100.0 * a.ones_fraction[std::size_t(b)], 1));
        table.rows.push_back({std::to_string(b), num(a.plane_entropy[std::size_t(b)]), num(a.ones_fraction[std::size_t(b)])});
    }
    QCPBars* bars = c->addBars(tr("Bit-plane entropy (frame %1)").arg(planes_->frame), x, h, QColor(0x1f, 0x77, 0xb4), tips,
                               nullptr, 0.75);
    bars->setProperty("role", QStringLiteral("planes"));
    tables_.insert(QStringLiteral("bitplanes"), table);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    c->xAxis->setTicker(ticker);
    c->xAxis->setRange(-0.6, 15.6);
    c->yAxis->setRange(0, 1.17);
    c->replot();
}
void PlotsPanel::drawCurves() {
    PlotCanvas* c = canvas(QStringLiteral("frames"));
    c->clearAll();
    c->setAxisLabels(tr("Frame (from 0)"), tr("Bits per pixel"));
    store::TextTable table;
    table.columns = {str(tr("Frame (from 0)"))};
    table.numeric = {true};
    if (!curves_) {
        tables_.insert(QStringLiteral("frames"), table);
        c->setMessage(curvesTask_.busy() ? tr("Coding every frame with each codec...")
                      : frameAxes_.size() > 2
                          ? tr("Press Enter in the codec list to code every frame of this cube.")
                          : tr("Open a 3-D file (a cube of frames, or a 4-D file) to see the bits of every frame for 2D "
                               "and cube-aware codecs."));
        c->replot();
        return;
    }
    if (!curves_->error.isEmpty()) {
        tables_.insert(QStringLiteral("frames"), table);
        c->setMessage(tr("Cannot code the cube: %1").arg(curves_->error));
        c->replot();
        return;
    }
    table.caption = str(tr("Bits per pixel of each frame of %1 [HDU %2] (%3) per codec; cube-aware codecs code a frame "
                           "from earlier ones.")
                            .arg(QFileInfo(curves_->path).fileName())
                            .arg(curves_->hdu)
                            .arg(QString::fromStdString(shape_string(curves_->axes))));
    std::size_t frames = 0;
    int k = 0;
    QStringList failed;
    for (const auto& curve : curves_->curves) {
        const QString spec = QString::fromStdString(curve.codec);
        if (!curve.lossless_ok || curve.bpp.empty()) {
            failed << tr("%1: %2").arg(spec, curve.error.empty() ? tr("not lossless") : QString::fromStdString(curve.error));
            continue;
        }
        const bool cube = codecs::is_cube_spec(curve.codec);
        table.columns.push_back(curve.codec + " bpp");
        table.numeric.push_back(true);
        frames = std::max(frames, curve.bpp.size());
        QVector<double> x, y;
        QStringList tips, keys;
        for (std::size_t f = 0; f < curve.bpp.size(); ++f) {
            x << double(f);
            y << curve.bpp[f];
            keys << QStringLiteral("frame:%1").arg(f);
            tips << tr("%1, frame %2\n%3 bits/pixel (%4 bytes)%5")
                        .arg(spec)
                        .arg(f)
                        .arg(fmt(curve.bpp[f], 4))
                        .arg(qint64(std::llround(curve.bits[f] / 8)))
                        .arg(cube ? (curve.residual[f] ? tr(", coded from earlier frames") : tr(", coded plain")) : QString());
        }
        const QColor colour = codecPalette().at(k++ % codecPalette().size());
        QCPGraph* g = c->addPoints(cube ? tr("%1 (cube-aware)").arg(spec) : tr("%1 (2D, frame by frame)").arg(spec), x, y, colour,
                                   tips, keys, cube ? QCPScatterStyle::ssDiamond : QCPScatterStyle::ssCircle);
        g->setLineStyle(QCPGraph::lsLine);
        g->setPen(QPen(colour, 1.5, cube ? Qt::SolidLine : Qt::DashLine));
        g->setProperty("codec", spec);
        g->setProperty("cube", cube);
    }
    for (std::size_t f = 0; f < frames; ++f) {
        std::vector<std::string> row{std::to_string(f)};
        for (const auto& curve : curves_->curves)
            if (curve.lossless_ok && !curve.bpp.empty()) row.push_back(f < curve.bpp.size() ? num(curve.bpp[f]) : std::string());
        table.rows.push_back(std::move(row));
    }
    tables_.insert(QStringLiteral("frames"), table);
    if (!failed.isEmpty()) c->setMessage(failed.join(QLatin1Char('\n')));
    // The frame shown.
    auto* now = new QCPItemStraightLine(c);
    now->point1->setCoords(double(frameIndex_), 0);
    now->point2->setCoords(double(frameIndex_), 1);
    now->setPen(QPen(QColor(90, 90, 90), 1, Qt::DotLine));
    now->setSelectable(false);
    if (frames <= 24) {
        QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
        ticker->setTickStep(1.0);
        c->xAxis->setTicker(ticker);
    }
    c->fitAxes();
}

}  // namespace bitsky
