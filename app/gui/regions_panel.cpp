#include "app/gui/regions_panel.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "app/gui/dialogs.h"
#include "app/gui/fs_path.h"
#include "app/gui/pools.h"
#include "app/gui/table_file.h"
#include "engine/analysis/region_ds9.h"
#include "widgets/image_view.h"

namespace bitsky {
namespace {

QTableWidget* makeTable(QWidget* parent, const QStringList& headers) {
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionMode(QAbstractItemView::NoSelection);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return t;
}

void setRow(QTableWidget* t, int row, const QStringList& cells) {
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        if (c > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        t->setItem(row, c, item);
    }
}

QString percent(double share) { return QString::number(100.0 * share, 'f', 2); }

}  // namespace

analysis::Region RegionsPanel::toEngine(const ViewRegion& r) {
    analysis::Region e;
    if (r.shape == ViewRegion::Shape::Circle) {
        e = analysis::Region::circle(r.centre.x(), r.centre.y(), r.radius);
    } else if (r.shape == ViewRegion::Shape::Box) {
        e = analysis::Region::box(r.centre.x(), r.centre.y(), r.size.width(), r.size.height(), r.angle);
    } else {
        std::vector<std::pair<double, double>> v;
        for (const QPointF& p : r.vertices) v.emplace_back(p.x(), p.y());
        e = analysis::Region::polygon(std::move(v));
    }
    e.exclude = r.exclude;
    e.text = r.label.toStdString();
    return e;
}

ViewRegion RegionsPanel::fromEngine(const analysis::Region& e) {
    ViewRegion r;
    r.centre = QPointF(e.cx, e.cy);
    r.exclude = e.exclude;
    r.label = QString::fromStdString(e.text);
    if (e.shape == analysis::RegionShape::Circle) {
        r.shape = ViewRegion::Shape::Circle;
        r.radius = e.radius;
    } else if (e.shape == analysis::RegionShape::Box) {
        r.shape = ViewRegion::Shape::Box;
        r.size = QSizeF(e.width, e.height);
        r.angle = e.angle_deg;
    } else {
        r.shape = ViewRegion::Shape::Polygon;
        for (auto [x, y] : e.vertices) r.vertices << QPointF(x, y);
    }
    return r;
}

RegionsPanel::RegionsPanel(ImageView* view, QWidget* parent)
    : QWidget(parent),
      view_(view),
      overlay_(new RegionOverlay(view)),
      task_(computePool(), LatestTask<RegionResults>::Mode::Restart, [this](RegionResults r) { show(std::move(r)); }) {
    // The contents scroll, so the panel asks for little room in the dock column (a small
    // window keeps its size).
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* inner = new QWidget(scroll);
    scroll->setWidget(inner);
    outer->addWidget(scroll);
    auto* lay = new QVBoxLayout(inner);
    auto* tools = new QHBoxLayout;
    boxTool_ = new QToolButton(this);
    boxTool_->setText(tr("Box"));
    boxTool_->setToolTip(tr("Draw a box: drag from corner to corner (Esc cancels)"));
    circleTool_ = new QToolButton(this);
    circleTool_->setText(tr("Circle"));
    circleTool_->setToolTip(tr("Draw a circle: drag from its centre outwards (Esc cancels)"));
    for (QToolButton* b : {boxTool_, circleTool_}) {
        b->setCheckable(true);
        tools->addWidget(b);
    }
    auto* load = new QPushButton(tr("Load..."), this);
    load->setToolTip(tr("Load a DS9 region file (image, physical, fk5/icrs/galactic coordinates)"));
    auto* save = new QPushButton(tr("Save..."), this);
    save->setToolTip(tr("Save the regions as a DS9 region file (image coordinates)"));
    auto* remove = new QPushButton(tr("Delete"), this);
    remove->setToolTip(tr("Delete the selected region (or press Delete on the image)"));
    auto* csv = new QPushButton(tr("Export CSV..."), this);
    csv->setToolTip(tr("Write the statistics and bit budgets of every region and of the source split"));
    // Two short rows, so the panel does not widen the dock column.
    tools->addWidget(remove);
    tools->addStretch(1);
    lay->addLayout(tools);
    auto* files = new QHBoxLayout;
    for (QPushButton* b : {load, save, csv}) files->addWidget(b);
    files->addStretch(1);
    lay->addLayout(files);
    status_ = new QLabel(tr("Draw a box or a circle on the image, or load a DS9 region file."), this);
    status_->setWordWrap(true);
    lay->addWidget(status_);
    stats_ = new QLabel(this);
    stats_->setWordWrap(true);
    stats_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    lay->addWidget(stats_);
    // Bits outside, the complement, is in the CSV export.
    budget_ = makeTable(this, {tr("Map"), tr("Bits in"), tr("bpp in"), tr("bpp out"), tr("% bits"), tr("% pixels")});
    budget_->setToolTip(tr("Per bit-cost map: the bits inside the region, bits per pixel inside and outside it, and "
                           "its share of the map's bits and of the frame's pixels"));
    lay->addWidget(budget_, 1);

    auto* group = new QGroupBox(tr("Where do the bits go"), this);
    auto* g = new QVBoxLayout(group);
    auto* row = new QHBoxLayout;
    k_ = new QDoubleSpinBox(group);
    k_->setRange(0, 100);
    k_->setDecimals(1);
    k_->setSingleStep(0.5);
    k_->setValue(3.0);
    k_->setPrefix(tr("k = "));
    k_->setToolTip(tr("Sources are pixels above background + k sigma (background and sigma: median and 1.4826 MAD "
                      "after 3-sigma clipping)"));
    auto* split = new QPushButton(tr("Split sources / background"), group);
    row->addWidget(k_);
    row->addWidget(split, 1);
    g->addLayout(row);
    splitStatus_ = new QLabel(group);
    splitStatus_->setWordWrap(true);
    g->addWidget(splitStatus_);
    splitTable_ = makeTable(group, {tr("Map"), tr("% pixels"), tr("% bits"), tr("bpp src"), tr("bpp bg")});
    splitTable_->setToolTip(tr("Per bit-cost map: the sources' share of the pixels and of the bits, and bits per pixel "
                               "of the sources and of the background"));
    g->addWidget(splitTable_, 1);
    lay->addWidget(group, 1);

    connect(boxTool_, &QToolButton::toggled, this, [this](bool on) {
        overlay_->setTool(on ? RegionOverlay::Tool::Box
                             : (circleTool_->isChecked() ? RegionOverlay::Tool::Circle : RegionOverlay::Tool::None));
    });
    connect(circleTool_, &QToolButton::toggled, this, [this](bool on) {
        overlay_->setTool(on ? RegionOverlay::Tool::Circle
                             : (boxTool_->isChecked() ? RegionOverlay::Tool::Box : RegionOverlay::Tool::None));
    });
    connect(overlay_, &RegionOverlay::toolChanged, this, [this](RegionOverlay::Tool t) {
        const QSignalBlocker b1(boxTool_), b2(circleTool_);
        boxTool_->setChecked(t == RegionOverlay::Tool::Box);
        circleTool_->setChecked(t == RegionOverlay::Tool::Circle);
    });
    connect(overlay_, &RegionOverlay::regionsChanged, this, &RegionsPanel::recompute);
    connect(overlay_, &RegionOverlay::selectionChanged, this, &RegionsPanel::showSelected);
    connect(remove, &QPushButton::clicked, this, [this] { overlay_->removeRegion(overlay_->selected()); });
    connect(split, &QPushButton::clicked, this, [this] { splitSources(k_->value()); });
    connect(load, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Load DS9 regions"), Dialogs::lastFolder(),
                                                          tr("DS9 regions (*.reg);;All files (*)"));
        if (!path.isEmpty() && !loadRegions(path)) status_->setText(error_);
    });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save DS9 regions"), Dialogs::lastFolder(),
                                                          tr("DS9 regions (*.reg)"));
        if (!path.isEmpty() && !saveRegions(path)) status_->setText(error_);
    });
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export region statistics"), Dialogs::lastFolder(),
                                                          tr("CSV (*.csv);;JSON (*.json);;Markdown (*.md);;LaTeX (*.tex)"));
        if (!path.isEmpty() && !exportTable(path)) status_->setText(error_);
    });
}

void RegionsPanel::frameShown(const fits::HduInfo* hdu, const wcs::Wcs* wcs, double i3, double i4) {
    hdu_ = hdu;
    wcs_ = wcs;
    i3_ = i3;
    i4_ = i4;
    if (view_->frameSerial() != frame_) {
        frame_ = view_->frameSerial();
        values_ = std::make_shared<const std::vector<double>>(view_->values());
        maps_.clear();
        results_.reset();
    }
    recompute();
}

void RegionsPanel::addMap(const QString& model, const std::vector<float>& bits, std::size_t width,
                          std::size_t height) {
    if (int(width) != view_->frameWidth() || int(height) != view_->frameHeight() || view_->frameSerial() != frame_)
        return;
    maps_[model] = std::make_shared<const std::vector<float>>(bits);
    recompute();
}

QStringList RegionsPanel::maps() const {
    QStringList names;
    for (const auto& [name, bits] : maps_) names << name;
    return names;
}

void RegionsPanel::splitSources(double k) {
    k_->setValue(k);
    splitK_ = k;
    recompute();
}

void RegionsPanel::recompute() {
    if (!values_ || values_->empty()) {
        status_->setText(tr("Open an image to measure regions."));
        return;
    }
    std::vector<analysis::Region> regions;
    for (const ViewRegion& r : overlay_->regions()) regions.push_back(toEngine(r));
    if (regions.empty() && !splitK_) {
        results_.reset();
        show(RegionResults{{}, std::nullopt, std::nullopt, frame_, {}});
        return;
    }
    std::vector<std::pair<std::string, std::shared_ptr<const std::vector<float>>>> maps;
    for (const auto& [name, bits] : maps_) maps.emplace_back(name.toStdString(), bits);
    status_->setText(tr("Measuring ..."));
    task_.start([values = values_, maps, regions, k = splitK_, frame = frame_, w = std::size_t(view_->frameWidth()),
                 h = std::size_t(view_->frameHeight())](std::stop_token stop) {
        RegionResults out;
        out.frame = frame;
        try {
            std::vector<analysis::MapBits> bits;
            for (const auto& [name, b] : maps) bits.push_back({name, *b});
            for (std::size_t i = 0; i < regions.size() && !stop.stop_requested(); ++i) {
                const auto mask = regions[i].mask(w, h);
                out.regions.push_back(
                    analysis::region_report("region " + std::to_string(i + 1), regions[i].ds9(), *values, mask, bits));
            }
            if (k && !stop.stop_requested()) {
                auto split = analysis::split_sources(*values, *k);
                char rule[128];
                std::snprintf(rule, sizeof rule, "value > %.6g (background %.6g + %.3g x sigma %.6g)", split.threshold,
                              split.background, split.k, split.sigma);
                out.sources = analysis::region_report("sources", rule, *values, split.sources, bits);
                split.sources.clear();
                out.split = std::move(split);
            }
        } catch (const std::exception& e) {
            out.error = QString::fromStdString(e.what());
        }
        return out;
    });
}

void RegionsPanel::show(RegionResults r) {
    if (!r.error.isEmpty()) {
        status_->setText(tr("Cannot measure the regions: %1").arg(r.error));
        return;
    }
    results_ = std::move(r);
    const int n = int(results_->regions.size());
    status_->setText(n == 0 ? tr("Draw a box or a circle on the image, or load a DS9 region file.")
                     : maps_.empty()
                         ? tr("%n region(s). Compute bit-cost maps in the Heatmap panel to see the bit budget: every "
                              "map computed for this frame is listed.",
                              "", n)
                         : tr("%n region(s); bits per map computed for this frame.", "", n));
    showSelected();
    splitTable_->setRowCount(0);
    if (results_->split && results_->sources) {
        const auto& s = *results_->split;
        const auto& st = results_->sources->stats;
        const double total = double(s.source_pixels + s.background_pixels);
        splitStatus_->setText(tr("Background %1, sigma %2, threshold %3: %4 source pixels (%5 % of the valid pixels).")
                                  .arg(s.background, 0, 'g', 7)
                                  .arg(s.sigma, 0, 'g', 4)
                                  .arg(s.threshold, 0, 'g', 7)
                                  .arg(st.n)
                                  .arg(percent(total > 0 ? double(s.source_pixels) / total : 0.0)));
        const auto& budgets = results_->sources->budgets;
        splitTable_->setRowCount(int(budgets.size()));
        for (int i = 0; i < int(budgets.size()); ++i) {
            const auto& [model, b] = budgets[std::size_t(i)];
            setRow(splitTable_, i,
                   {QString::fromStdString(model), percent(b.pixel_share()), percent(b.bit_share()),
                    QString::number(b.bpp_in(), 'f', 3), QString::number(b.bpp_out(), 'f', 3)});
        }
    } else {
        splitStatus_->setText(tr("Split the frame into sources (above background + k sigma) and background to see "
                                 "their share of the bits."));
    }
    emit updated();
}

void RegionsPanel::showSelected() {
    budget_->setRowCount(0);
    const int sel = overlay_->selected();
    if (!results_ || sel < 0 || sel >= int(results_->regions.size())) {
        stats_->clear();
        return;
    }
    const analysis::RegionReport& r = results_->regions[std::size_t(sel)];
    const analysis::PixelStats& s = r.stats;
    stats_->setText(tr("<b>Region %1</b> %2<br>N %3 (%4 invalid), mean %5, median %6, robust sigma %7, min %8, max %9")
                        .arg(sel + 1)
                        .arg(QString::fromStdString(r.definition).toHtmlEscaped())
                        .arg(s.n)
                        .arg(s.invalid)
                        .arg(s.mean, 0, 'g', 7)
                        .arg(s.median, 0, 'g', 7)
                        .arg(s.robust_sigma, 0, 'g', 5)
                        .arg(s.min, 0, 'g', 7)
                        .arg(s.max, 0, 'g', 7));
    budget_->setRowCount(int(r.budgets.size()));
    for (int i = 0; i < int(r.budgets.size()); ++i) {
        const auto& [model, b] = r.budgets[std::size_t(i)];
        setRow(budget_, i,
               {QString::fromStdString(model), QString::number(b.bits_in.bits(), 'f', 0), QString::number(b.bpp_in(), 'f', 3),
                QString::number(b.bpp_out(), 'f', 3), percent(b.bit_share()), percent(b.pixel_share())});
    }
}

bool RegionsPanel::loadRegions(const QString& path) {
    if (!hdu_) {
        error_ = tr("Open an image before loading regions.");
        return false;
    }
    try {
        auto ctx = analysis::Ds9Context::from_hdu(*hdu_, wcs_);
        ctx.i3 = i3_;
        ctx.i4 = i4_;
        const auto got = analysis::read_ds9(toFsPath(path), ctx);
        QVector<ViewRegion> regions;
        for (const auto& r : got.regions) regions << fromEngine(r);
        overlay_->setRegions(regions);
        if (!got.skipped.empty()) {
            QStringList skipped;
            for (const auto& s : got.skipped) skipped << QString::fromStdString(s);
            error_ = tr("Skipped: %1").arg(skipped.join(QStringLiteral("; ")));
            status_->setText(error_);
        }
        return true;
    } catch (const std::exception& e) {
        error_ = QString::fromStdString(e.what());
        return false;
    }
}

bool RegionsPanel::saveRegions(const QString& path) {
    std::vector<analysis::Region> regions;
    for (const ViewRegion& r : overlay_->regions()) regions.push_back(toEngine(r));
    const std::string text = analysis::write_ds9(regions);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text.data(), qint64(text.size())) != qint64(text.size())) {
        error_ = tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

store::TextTable RegionsPanel::table() const {
    std::vector<analysis::RegionReport> all;
    if (results_) {
        all = results_->regions;
        if (results_->sources) all.push_back(*results_->sources);
    }
    return analysis::region_table(all);
}

bool RegionsPanel::exportTable(const QString& path) { return writeTableFile(table(), path, &error_); }

}  // namespace bitsky
