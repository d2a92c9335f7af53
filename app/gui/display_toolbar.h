#pragma once
// The display toolbar: limits, stretch and colour map of the image view's render
// pipeline, and Fit. Choosing in a box redisplays the image; setDisplay sets all three
// (boxes and view) at once.
#include <QComboBox>
#include <QToolBar>

#include "widgets/image_view.h"

namespace bitsky {

class DisplayToolBar : public QToolBar {
    Q_OBJECT
public:
    DisplayToolBar(ImageView* view, QWidget* parent);
    void setDisplay(Limits limits, Stretch stretch, ColourMap map);

private:
    ImageView* view_;
    QComboBox* limitsBox_ = nullptr;
    QComboBox* stretchBox_ = nullptr;
    QComboBox* mapBox_ = nullptr;
};

}  // namespace bitsky
