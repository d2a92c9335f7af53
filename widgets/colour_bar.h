#pragma once
// A vertical colour bar beside an image: the colours of a map against the values they
// stand for (rows linear in value, so a stretch shows as it is applied), with ticks at
// round values and a title (e.g. the image's BUNIT, or "bits/pixel").
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
                  const QString& title, bool inverted = false);
    void clearScale();
    QString title() const { return title_; }
    DisplayRange range() const { return range_; }
    bool inverted() const { return inverted_; }
    ColourMap colourMap() const { return map_; }
    // The bar's levels, bottom to top (empty: no scale shown).
    const std::vector<unsigned char>& levels() const { return levels_; }
    // The values of the ticks drawn: multiples of 1, 2 or 5 times a power of ten inside
    // the range (about five of them); the range itself if it is a single value.
    static std::vector<double> ticks(DisplayRange range, int wanted = 5);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent*) override;

private:
    QString label(double v) const;

    ColourMap map_ = ColourMap::Grey;
    bool inverted_ = false;
    DisplayRange range_;
    Stretch stretch_ = Stretch::Linear;
    std::vector<unsigned char> levels_;
    QString title_;
};

}  // namespace bitsky
