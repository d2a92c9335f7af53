#pragma once
// Shows one image frame: raw values -> limits -> stretch -> colour LUT -> QImage.
// Rows are shown with the first FITS row at the bottom, as DS9 does.
#include <QImage>
#include <QWidget>
#include <vector>

namespace bitsky {

class ImageView : public QWidget {
    Q_OBJECT
public:
    explicit ImageView(QWidget* parent = nullptr);

    // Values in FITS storage order (row 0 first); NaN pixels are drawn black.
    void setFrame(std::vector<double> values, int width, int height);
    void clear();
    const QImage& image() const { return image_; }
    int frameWidth() const { return width_; }
    int frameHeight() const { return height_; }
    double displayMin() const { return lo_; }
    double displayMax() const { return hi_; }
    QSize sizeHint() const override { return {640, 480}; }

signals:
    // FITS pixel coordinates (0-based, storage order) under the cursor and the value there.
    void pixelHovered(int x, int y, double value);

protected:
    void paintEvent(QPaintEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;

private:
    QRectF imageRect() const;  // where the image is drawn (fit to the widget, aspect kept)
    void render();

    std::vector<double> values_;
    int width_ = 0, height_ = 0;
    double lo_ = 0, hi_ = 0;
    QImage image_;
};

}  // namespace bitsky
