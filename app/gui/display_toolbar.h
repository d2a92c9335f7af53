#pragma once
// The display toolbar: limits, stretch, colour map and inversion of the image view's
// render pipeline, "Lock limits" and Fit. Choosing in a box redisplays the image; the
// boxes follow the view (e.g. limits dragged in the Scale dock show as Manual).
// Lock limits: the limits shown become fixed numbers (Limits::Manual) kept for every
// frame and file; unlocking returns to the automatic limits used before (autoLimits()).
#include <QAction>
#include <QComboBox>
#include <QToolBar>

#include "widgets/image_view.h"

namespace bitsky {

class DisplayToolBar : public QToolBar {
    Q_OBJECT
public:
    DisplayToolBar(ImageView* view, QWidget* parent);
    void setDisplay(Limits limits, Stretch stretch, ColourMap map);
    void setDisplay(const DisplaySettings& display);
    // The automatic limits that unlocking returns to (the last non-manual choice).
    Limits autoLimits() const { return autoLimits_; }
    void setAutoLimits(Limits limits);
    QAction* lockAction() const { return lock_; }
    QAction* invertAction() const { return invert_; }
    QComboBox* limitsBox() const { return limitsBox_; }
    QComboBox* stretchBox() const { return stretchBox_; }
    QComboBox* colourBox() const { return mapBox_; }
    // Translated names for menus and boxes.
    static QString limitsName(Limits l);
    static QString stretchName(Stretch s);
    static QString colourMapName(ColourMap m);

private:
    void syncFromView();

    ImageView* view_;
    QComboBox* limitsBox_ = nullptr;
    QComboBox* stretchBox_ = nullptr;
    QComboBox* mapBox_ = nullptr;
    QAction* lock_ = nullptr;
    QAction* invert_ = nullptr;
    Limits autoLimits_ = Limits::ZScale;
};

}  // namespace bitsky
