#include "app/gui/display_toolbar.h"

#include <QLabel>
#include <algorithm>
#include <utility>

namespace bitsky {

DisplayToolBar::DisplayToolBar(ImageView* view, QWidget* parent) : QToolBar(tr("Display"), parent), view_(view) {
    setObjectName(QStringLiteral("display"));
    limitsBox_ = new QComboBox(this);
    limitsBox_->addItem(tr("Min/max"), limitsKey(Limits::MinMax));
    limitsBox_->addItem(tr("ZScale"), limitsKey(Limits::ZScale));
    limitsBox_->addItem(tr("99%"), limitsKey(Limits::Percentile99));
    limitsBox_->addItem(tr("99.5%"), limitsKey(Limits::Percentile995));
    limitsBox_->addItem(tr("99.9%"), limitsKey(Limits::Percentile999));
    stretchBox_ = new QComboBox(this);
    stretchBox_->addItem(tr("Linear"), stretchKey(Stretch::Linear));
    stretchBox_->addItem(tr("Log"), stretchKey(Stretch::Log));
    stretchBox_->addItem(tr("Square root"), stretchKey(Stretch::Sqrt));
    stretchBox_->addItem(tr("Asinh"), stretchKey(Stretch::Asinh));
    stretchBox_->addItem(tr("Histogram equalised"), stretchKey(Stretch::HistEq));
    mapBox_ = new QComboBox(this);
    const QStringList mapNames{tr("Grey"), tr("Viridis"), tr("Inferno"), tr("Magma"), tr("Cubehelix")};
    auto maps = imageColourMaps();
    for (int i = 0; i < maps.size(); ++i) mapBox_->addItem(mapNames[i], colourMapKey(maps[i]));
    addWidget(new QLabel(tr("Limits "), this));
    addWidget(limitsBox_);
    addWidget(new QLabel(tr("  Stretch "), this));
    addWidget(stretchBox_);
    addWidget(new QLabel(tr("  Colours "), this));
    addWidget(mapBox_);
    addSeparator();
    addAction(tr("Fit"), view_, &ImageView::fitToWindow);
    auto apply = [this] {
        setDisplay(limitsFromKey(limitsBox_->currentData().toString()),
                   stretchFromKey(stretchBox_->currentData().toString()),
                   colourMapFromKey(mapBox_->currentData().toString()));
    };
    connect(limitsBox_, &QComboBox::currentIndexChanged, this, apply);
    connect(stretchBox_, &QComboBox::currentIndexChanged, this, apply);
    connect(mapBox_, &QComboBox::currentIndexChanged, this, apply);
}

void DisplayToolBar::setDisplay(Limits limits, Stretch stretch, ColourMap map) {
    for (auto [box, key] : {std::pair{limitsBox_, limitsKey(limits)}, std::pair{stretchBox_, stretchKey(stretch)},
                            std::pair{mapBox_, colourMapKey(map)}}) {
        QSignalBlocker block(box);
        box->setCurrentIndex(std::max(0, box->findData(key)));
    }
    if (limits != view_->limits() || stretch != view_->stretch())
        view_->setDisplay(limits, stretch, map);
    else if (map != view_->colourMap())
        view_->setColourMap(map);
}

}  // namespace bitsky
