#include "app/gui/scale_panel.h"

#include "app/gui/display_toolbar.h"

#include <QAction>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QVBoxLayout>

namespace bitsky {

ScalePanel::ScalePanel(ImageView* view, QAction* lock, QWidget* parent) : QWidget(parent), view_(view) {
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 4, 4, 4);
    histogram_ = new HistogramView(this);
    histogram_->setToolTip(tr("Drag a red line to move a limit, drag between them to move both"));
    lay->addWidget(histogram_, 1);
    auto* row = new QHBoxLayout;
    low_ = new QLineEdit(this);
    high_ = new QLineEdit(this);
    for (QLineEdit* e : {low_, high_}) {
        auto* v = new QDoubleValidator(e);
        v->setLocale(QLocale::c());
        e->setValidator(v);
        connect(e, &QLineEdit::editingFinished, this, &ScalePanel::applyTyped);
    }
    low_->setToolTip(tr("Lowest value shown (the first colour of the map)"));
    high_->setToolTip(tr("Highest value shown (the last colour of the map)"));
    row->addWidget(new QLabel(tr("Low"), this));
    row->addWidget(low_, 1);
    row->addWidget(new QLabel(tr("High"), this));
    row->addWidget(high_, 1);
    lay->addLayout(row);
    lock_ = new QCheckBox(tr("Lock limits for every frame and file"), this);
    lay->addWidget(lock_);
    info_ = new QLabel(this);
    info_->setWordWrap(true);
    lay->addWidget(info_);

    connect(lock_, &QCheckBox::toggled, lock, &QAction::setChecked);
    connect(lock, &QAction::toggled, lock_, [this](bool on) {
        QSignalBlocker block(lock_);
        lock_->setChecked(on);
    });
    // Dragging redraws the image at most every 80 ms; the release applies at once.
    throttle_.setSingleShot(true);
    throttle_.setInterval(80);
    connect(&throttle_, &QTimer::timeout, this, &ScalePanel::applyPending);
    connect(histogram_, &HistogramView::limitsDragged, this, [this](DisplayRange r) {
        pending_ = r;
        low_->setText(QString::number(r.lo, 'g', 7));
        high_->setText(QString::number(r.hi, 'g', 7));
        if (!throttle_.isActive()) throttle_.start();
    });
    connect(histogram_, &HistogramView::limitsChosen, this, [this](DisplayRange r) {
        throttle_.stop();
        pending_ = r;
        applyPending();
    });
    connect(view_, &ImageView::displayChanged, this, &ScalePanel::follow);
    follow();
}

void ScalePanel::applyPending() { view_->setManualLimits(pending_); }

void ScalePanel::applyTyped() {
    bool okLo = false, okHi = false;
    const double lo = QLocale::c().toDouble(low_->text(), &okLo), hi = QLocale::c().toDouble(high_->text(), &okHi);
    if (!okLo || !okHi || view_->values().empty()) return;
    const DisplayRange r{std::min(lo, hi), std::max(lo, hi)};
    if (r == view_->displayRange()) return;
    view_->setManualLimits(r);
}

void ScalePanel::follow() {
    const bool shown = !view_->values().empty();
    if (view_->frameSerial() != serial_) {
        serial_ = view_->frameSerial();
        if (shown)
            histogram_->setValues(view_->values());
        else
            histogram_->clearValues();
    }
    for (QWidget* w : std::initializer_list<QWidget*>{low_, high_, lock_}) w->setEnabled(shown);
    if (!shown) {
        low_->clear();
        high_->clear();
        info_->setText(QString());
        return;
    }
    const DisplayRange r = view_->displayRange();
    if (!histogram_->dragging()) histogram_->setLimits(r);
    if (!low_->hasFocus()) low_->setText(QString::number(r.lo, 'g', 7));
    if (!high_->hasFocus()) high_->setText(QString::number(r.hi, 'g', 7));
    info_->setText(view_->limits() == Limits::Manual
                       ? tr("Manual limits: kept for every frame and file until you choose automatic limits in "
                            "the toolbar or release the lock.")
                       : tr("Automatic limits (%1), computed for each frame; drag a line or type a value to fix "
                            "them.")
                             .arg(DisplayToolBar::limitsName(view_->limits())));
}

}  // namespace bitsky
