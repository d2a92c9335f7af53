#include "app/gui/compare_panel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/gui/cost_maps.h"
#include "app/gui/pools.h"

namespace bitsky {
namespace {

CompareResult compare(const ShownFrame& frame, const QString& a, const QString& b, const std::stop_token& stop) {
    CompareResult r;
    r.modelA = a;
    r.modelB = b;
    try {
        analysis::BitCostMap ma = costMapOf(a, frame);
        if (stop.stop_requested()) return r;
        analysis::BitCostMap mb = costMapOf(b, frame);
        r.width = ma.width;
        r.height = ma.height;
        r.totalA = ma.total_bits;
        r.totalB = mb.total_bits;
        r.bitsA = std::move(ma.bits);
        r.bitsB = std::move(mb.bits);
        r.difference.resize(r.bitsA.size());
        std::size_t lessA = 0, lessB = 0;
        for (std::size_t i = 0; i < r.bitsA.size(); ++i) {
            r.difference[i] = r.bitsA[i] - r.bitsB[i];
            lessA += r.bitsA[i] < r.bitsB[i];
            lessB += r.bitsB[i] < r.bitsA[i];
        }
        const double n = double(std::max<std::size_t>(1, r.bitsA.size()));
        r.winA = double(lessA) / n;
        r.winB = double(lessB) / n;
    } catch (const std::exception& e) {
        r.error = QString::fromStdString(e.what());
    }
    return r;
}

// Shows a map as the view's frame, over `range` in `map`.
void showMap(ImageView* v, const std::vector<float>& bits, std::size_t w, std::size_t h, DisplayRange range,
             ColourMap map) {
    DisplaySettings d;
    d.limits = Limits::Manual;
    d.manual = range;
    d.map = map;
    v->setDisplay(d);
    v->setFrame(std::vector<double>(bits.begin(), bits.end()), int(w), int(h));
}

}  // namespace

ComparePanel::ComparePanel(QComboBox* modelsA, QComboBox* modelsB, QWidget* parent)
    : QWidget(parent), task_(computePool(), LatestTask<CompareResult>::Mode::Queue, [this](CompareResult r) {
          apply(std::move(r));
      }) {
    // One row (the panel's place is the strip below the image): the choices and the numbers,
    // then a, b and their colour bar, then a - b and its bar; each view under its caption.
    auto* lay = new QHBoxLayout(this);
    auto* side = new QVBoxLayout;
    auto* form = new QFormLayout;
    a_ = new QComboBox(this);
    b_ = new QComboBox(this);
    for (QComboBox* box : {a_, b_}) {
        box->setEditable(true);
        box->setModel((box == a_ ? modelsA : modelsB)->model());  // the Heatmap dock's choices
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(8);
    }
    a_->setToolTip(tr("First model, e.g. neural:<model file> (the neural codec's mixture) or neural-net:<model file> "
                      "(the network alone)"));
    b_->setToolTip(tr("Second model, e.g. context or bitsky"));
    b_->setCurrentText(QStringLiteral("context"));
    auto* go = new QPushButton(tr("Compare"), this);
    form->addRow(tr("Model"), a_);
    form->addRow(tr("versus"), b_);
    side->addLayout(form);
    side->addWidget(go);
    status_ = new QLabel(tr("Open an image, choose two models and press Compare: the difference shows where the "
                            "first one costs fewer bits (blue) or more (red)."),
                         this);
    status_->setWordWrap(true);
    status_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    side->addWidget(status_, 1);
    auto* sideWidget = new QWidget(this);
    sideWidget->setLayout(side);
    sideWidget->setMinimumWidth(220);
    sideWidget->setMaximumWidth(320);
    lay->addWidget(sideWidget);
    barMaps_ = new ColourBar(this);
    barDiff_ = new ColourBar(this);
    for (int i = 0; i < 3; ++i) {
        auto* column = new QVBoxLayout;
        auto* caption = new QLabel(this);
        caption->setAlignment(Qt::AlignCenter);
        auto* v = new ImageView(this);
        v->setMinimumSize(80, 60);
        column->addWidget(caption);
        column->addWidget(v, 1);
        lay->addLayout(column, 1);
        views_.push_back(v);
        captions_.push_back(caption);
        if (i == 1) lay->addWidget(barMaps_);
    }
    lay->addWidget(barDiff_);
    // Linked views: a zoom or pan of one is applied to the others (setTransform does not
    // signal back).
    for (ImageView* v : views_) {
        auto sync = [this, v] {
            for (ImageView* o : views_)
                if (o != v && o->frameWidth() == v->frameWidth() && o->frameHeight() == v->frameHeight())
                    o->setTransform(v->zoom(), v->panOffset());
        };
        connect(v, &ImageView::zoomChanged, this, sync);
        connect(v, &ImageView::transformChanged, this, sync);
    }
    connect(go, &QPushButton::clicked, this, [this] { start(a_->currentText().trimmed(), b_->currentText().trimmed()); });
}

void ComparePanel::frameShown(ShownFrame frame) {
    frame_ = std::move(frame);
    task_.cancel();  // a comparison still running is for the previous frame
    if (wanted_ && !frame_.empty()) start(wanted_->first, wanted_->second);
}

bool ComparePanel::start(const QString& modelA, const QString& modelB) {
    if (frame_.empty() || modelA.isEmpty() || modelB.isEmpty()) {
        status_->setText(frame_.empty() ? tr("Open an image first: the maps are computed on the frame shown.")
                                        : tr("Choose two models."));
        return false;
    }
    a_->setCurrentText(modelA);
    b_->setCurrentText(modelB);
    wanted_ = std::pair{modelA, modelB};
    result_.reset();
    task_.startPrepared([this, frame = frame_, a = modelA, b = modelB] {
        status_->setText(tr("Computing %1 and %2 ...").arg(a, b));
        return [frame, a, b](std::stop_token stop) { return compare(frame, a, b, stop); };
    });
    return true;
}

void ComparePanel::apply(CompareResult r) {
    if (!r.error.isEmpty()) {
        status_->setText(tr("Cannot compare: %1").arg(r.error));
        emit failed(r.error);
        return;
    }
    // One colour scale for both maps: 0 .. the larger of their 99.5th percentiles.
    const DisplayRange ra = costMapRange(r.bitsA, false), rb = costMapRange(r.bitsB, false);
    const DisplayRange maps{0.0, std::max(ra.hi, rb.hi)}, diff = costMapRange(r.difference, true);
    showMap(views_[0], r.bitsA, r.width, r.height, maps, ColourMap::Inferno);
    showMap(views_[1], r.bitsB, r.width, r.height, maps, ColourMap::Inferno);
    showMap(views_[2], r.difference, r.width, r.height, diff, ColourMap::Diverging);
    barMaps_->setScale(ColourMap::Inferno, maps, Stretch::Linear, linearBarLevels(), tr("bits/pixel"));
    barDiff_->setScale(ColourMap::Diverging, diff, Stretch::Linear, linearBarLevels(), tr("Δ bits/pixel"));
    const double n = double(std::max<std::size_t>(1, r.width * r.height));
    captions_[0]->setText(r.modelA);
    captions_[1]->setText(r.modelB);
    captions_[2]->setText(tr("%1 minus %2 (blue: %1 costs less)").arg(r.modelA, r.modelB));
    status_->setText(tr("%1: %3 bits (%4 bits/pixel)\n%2: %5 bits (%6 bits/pixel)\n"
                        "%1 costs less on %7% of the pixels, %2 on %8%.")
                         .arg(r.modelA, r.modelB)
                         .arg(r.totalA, 0, 'f', 0)
                         .arg(r.totalA / n, 0, 'f', 3)
                         .arg(r.totalB, 0, 'f', 0)
                         .arg(r.totalB / n, 0, 'f', 3)
                         .arg(100 * r.winA, 0, 'f', 1)
                         .arg(100 * r.winB, 0, 'f', 1));
    result_ = std::move(r);
    emit ready();
}

}  // namespace bitsky
