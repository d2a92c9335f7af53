#pragma once
// A vertical colour bar: the colours of a map against the values they stand for, with
// tick labels and a title (e.g. "ADU" or "bits/pixel").
#include <QWidget>
#include <vector>

#include "widgets/colour_map.h"
#include "widgets/render.h"

namespace bitsky {

class ColourBar : public QWidget {
    Q_OBJECT
public:
    explicit ColourBar(QWidget* parent = nullptr);
    // levels: for each of height-steps of the bar, bottom to top, the 8-bit level it shows
    // (so stretches and histogram equalisation are drawn as they are applied).
    void setScale(ColourMap map, DisplayRange range, Stretch stretch, std::vector<unsigned char> levels,
                  const QString& title);
    void clearScale();
    QString title() const { return title_; }
    DisplayRange range() const { return range_; }
    QSize sizeHint() const override { return {96, 300}; }
    QSize minimumSizeHint() const override { return {80, 120}; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    ColourMap map_ = ColourMap::Grey;
    DisplayRange range_;
    Stretch stretch_ = Stretch::Linear;
    std::vector<unsigned char> levels_;
    QString title_;
};

}  // namespace bitsky
