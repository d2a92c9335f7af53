#include "app/gui/frame_bar.h"

#include <QHBoxLayout>

namespace bitsky {

FrameBar::FrameBar(QWidget* parent) : QWidget(parent) {
    auto* fb = new QHBoxLayout(this);
    fb->setContentsMargins(4, 0, 4, 2);
    label_ = new QLabel(this);
    slider3_ = new QSlider(Qt::Horizontal, this);
    slider4_ = new QSlider(Qt::Horizontal, this);
    slider3_->setToolTip(tr("Frame (axis 3)"));
    slider4_->setToolTip(tr("Band or epoch (axis 4)"));
    fb->addWidget(label_);
    fb->addWidget(slider3_, 1);
    fb->addWidget(slider4_, 1);
    hide();
    for (QSlider* s : {slider3_, slider4_})
        connect(s, &QSlider::valueChanged, this, [this] { emit frameChosen(slider3_->value(), slider4_->value()); });
}

void FrameBar::setAxes(const std::vector<std::size_t>& axes) {
    n3_ = axes.size() > 2 ? axes[2] : 1;
    n4_ = axes.size() > 3 ? axes[3] : 1;
    QSignalBlocker b3(slider3_), b4(slider4_);
    slider3_->setRange(0, int(n3_) - 1);
    slider4_->setRange(0, int(n4_) - 1);
    slider3_->setValue(0);
    slider4_->setValue(0);
    slider3_->setVisible(n3_ > 1);
    slider4_->setVisible(n4_ > 1);
    setVisible(n3_ > 1 || n4_ > 1);
}

void FrameBar::showFrame(std::size_t frame) {
    label_->setText(tr("Frame %1 (0 to %2)").arg(frame).arg(n3_ * n4_ - 1));
}

void FrameBar::stepTo(qint64 index) {
    if (index < 0 || index >= qint64(n3_ * n4_)) return;
    {
        QSignalBlocker b3(slider3_), b4(slider4_);
        slider3_->setValue(int(index % qint64(n3_)));
        slider4_->setValue(int(index / qint64(n3_)));
    }
    emit frameChosen(slider3_->value(), slider4_->value());
}

}  // namespace bitsky
