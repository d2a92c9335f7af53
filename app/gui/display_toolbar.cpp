#include "app/gui/display_toolbar.h"

#include <QLabel>
#include <algorithm>
#include <utility>

namespace bitsky {

QString DisplayToolBar::limitsName(Limits l) {
    switch (l) {
        case Limits::MinMax: return tr("Min/max");
        case Limits::Percentile99: return tr("99%");
        case Limits::Percentile995: return tr("99.5%");
        case Limits::Percentile999: return tr("99.9%");
        case Limits::Manual: return tr("Manual");
        case Limits::ZScale: break;
    }
    return tr("ZScale");
}

QString DisplayToolBar::stretchName(Stretch s) {
    switch (s) {
        case Stretch::Log: return tr("Log");
        case Stretch::Sqrt: return tr("Square root");
        case Stretch::Asinh: return tr("Asinh");
        case Stretch::HistEq: return tr("Histogram equalised");
        case Stretch::Linear: break;
    }
    return tr("Linear");
}

QString DisplayToolBar::colourMapName(ColourMap m) {
    switch (m) {
        case ColourMap::Viridis: return tr("Viridis");
        case ColourMap::Magma: return tr("Magma");
        case ColourMap::Inferno: return tr("Inferno");
        case ColourMap::Cividis: return tr("Cividis");
        case ColourMap::Cubehelix: return tr("Cubehelix");
        case ColourMap::Heat: return tr("Heat (DS9)");
        case ColourMap::Cool: return tr("Cool (DS9)");
        case ColourMap::BB: return tr("BB (DS9)");
        case ColourMap::Diverging: return tr("Diverging (red-blue)");
        case ColourMap::Grey: break;
    }
    return tr("Grey");
}

DisplayToolBar::DisplayToolBar(ImageView* view, QWidget* parent) : QToolBar(tr("Display"), parent), view_(view) {
    setObjectName(QStringLiteral("display"));
    limitsBox_ = new QComboBox(this);
    for (Limits l : {Limits::ZScale, Limits::MinMax, Limits::Percentile99, Limits::Percentile995, Limits::Percentile999,
                     Limits::Manual})
        limitsBox_->addItem(limitsName(l), limitsKey(l));
    limitsBox_->setToolTip(tr("Display limits: the values shown as the lowest and highest colour"));
    stretchBox_ = new QComboBox(this);
    for (Stretch s : {Stretch::Linear, Stretch::Log, Stretch::Sqrt, Stretch::Asinh, Stretch::HistEq})
        stretchBox_->addItem(stretchName(s), stretchKey(s));
    stretchBox_->setToolTip(tr("Stretch: how values between the limits map to colours"));
    mapBox_ = new QComboBox(this);
    for (ColourMap m : imageColourMaps()) mapBox_->addItem(colourMapName(m), colourMapKey(m));
    mapBox_->setToolTip(tr("Colour map"));
    addWidget(new QLabel(tr("Limits "), this));
    addWidget(limitsBox_);
    lock_ = addAction(tr("Lock"));
    lock_->setObjectName(QStringLiteral("lockLimits"));
    lock_->setCheckable(true);
    lock_->setToolTip(tr("Lock limits: keep the limits shown for every frame and file"));
    addWidget(new QLabel(tr("  Stretch "), this));
    addWidget(stretchBox_);
    addWidget(new QLabel(tr("  Colours "), this));
    addWidget(mapBox_);
    invert_ = addAction(tr("Invert"));
    invert_->setObjectName(QStringLiteral("invertColours"));
    invert_->setCheckable(true);
    invert_->setToolTip(tr("Invert the colour map"));
    addSeparator();
    addAction(tr("Fit"), view_, &ImageView::fitToWindow)->setToolTip(tr("Fit the image to the window (Ctrl+0)"));

    connect(limitsBox_, &QComboBox::currentIndexChanged, this,
            [this] { view_->setLimits(limitsFromKey(limitsBox_->currentData().toString())); });
    connect(stretchBox_, &QComboBox::currentIndexChanged, this,
            [this] { view_->setStretch(stretchFromKey(stretchBox_->currentData().toString())); });
    connect(mapBox_, &QComboBox::currentIndexChanged, this,
            [this] { view_->setColourMap(colourMapFromKey(mapBox_->currentData().toString())); });
    connect(invert_, &QAction::toggled, view_, &ImageView::setInverted);
    connect(lock_, &QAction::toggled, this, [this](bool on) {
        if (on == (view_->limits() == Limits::Manual)) return;
        if (on && view_->values().empty()) {  // nothing shown: no limits to keep
            QSignalBlocker block(lock_);
            lock_->setChecked(false);
            return;
        }
        view_->setLimits(on ? Limits::Manual : autoLimits_);
    });
    connect(view_, &ImageView::displayChanged, this, &DisplayToolBar::syncFromView);
    syncFromView();
}

void DisplayToolBar::syncFromView() {
    const DisplaySettings& d = view_->display();
    if (d.limits != Limits::Manual) autoLimits_ = d.limits;
    for (auto [box, key] : {std::pair{limitsBox_, limitsKey(d.limits)}, std::pair{stretchBox_, stretchKey(d.stretch)},
                            std::pair{mapBox_, colourMapKey(d.map)}}) {
        QSignalBlocker block(box);
        box->setCurrentIndex(std::max(0, box->findData(key)));
    }
    QSignalBlocker b1(lock_), b2(invert_);
    lock_->setChecked(d.limits == Limits::Manual);
    invert_->setChecked(d.inverted);
}

void DisplayToolBar::setAutoLimits(Limits limits) {
    if (limits != Limits::Manual) autoLimits_ = limits;
}

void DisplayToolBar::setDisplay(const DisplaySettings& display) {
    view_->setDisplay(display);
    syncFromView();
}

void DisplayToolBar::setDisplay(Limits limits, Stretch stretch, ColourMap map) {
    DisplaySettings d = view_->display();
    d.limits = limits;
    d.stretch = stretch;
    d.map = map;
    setDisplay(d);
}

}  // namespace bitsky
