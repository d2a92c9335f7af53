#pragma once
// The frame bar under the image: "Frame k (0 to n-1)" (counted from 0, as bitsky-cli and
// `bitsky FILE --frame k` count) and sliders for axis 3 (frames) and axis 4
// (bands or epochs) of a cube; hidden for a 2D image.
#include <QLabel>
#include <QSlider>
#include <QWidget>
#include <cstddef>
#include <vector>

namespace bitsky {

class FrameBar : public QWidget {
    Q_OBJECT
public:
    explicit FrameBar(QWidget* parent = nullptr);

    // Another image: the sliders' ranges from its axes, back at the first frame (no signal).
    void setAxes(const std::vector<std::size_t>& axes);
    // The frame shown (flat index over the axes beyond 2), as "Frame k (0 to n-1)".
    void showFrame(std::size_t frame);
    // Moves the sliders to flat frame `index` and emits frameChosen (nothing if out of range).
    void stepTo(qint64 index);
    QSlider* slider(int axis) const { return axis == 3 ? slider3_ : slider4_; }

signals:
    // The user (or stepTo) chose frame (i3, i4): index i3 on axis 3, i4 on axis 4.
    void frameChosen(int i3, int i4);

private:
    QLabel* label_ = nullptr;
    QSlider* slider3_ = nullptr;
    QSlider* slider4_ = nullptr;
    std::size_t n3_ = 1, n4_ = 1;
};

}  // namespace bitsky
