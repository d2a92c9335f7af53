#pragma once
// The Scale dock (DS9's "Scale Parameters"): the histogram of the frame shown with its
// display limits as lines to drag, the limits as numbers to type, and the lock. Dragging
// or typing makes the limits manual (fixed numbers, kept for every frame and file) until
// automatic limits are chosen again or the lock is released.
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QWidget>

#include "widgets/histogram_view.h"
#include "widgets/image_view.h"

namespace bitsky {

class ScalePanel : public QWidget {
    Q_OBJECT
public:
    // lock: the toolbar's "Lock limits" action, mirrored by a check box here.
    ScalePanel(ImageView* view, QAction* lock, QWidget* parent = nullptr);
    HistogramView* histogram() const { return histogram_; }
    QLineEdit* lowEdit() const { return low_; }
    QLineEdit* highEdit() const { return high_; }
    // What the panel says when no image is shown (empty otherwise).
    QString hint() const { return histogram_->hasData() ? QString() : histogram_->emptyText(); }

private:
    void follow();
    void applyTyped();
    void applyPending();

    ImageView* view_;
    HistogramView* histogram_ = nullptr;
    QLineEdit* low_ = nullptr;
    QLineEdit* high_ = nullptr;
    QCheckBox* lock_ = nullptr;
    QLabel* info_ = nullptr;
    quint64 serial_ = ~quint64(0);
    DisplayRange pending_;
    QTimer throttle_;
};

}  // namespace bitsky
