#pragma once
#include <QLabel>
#include <QMainWindow>
#include <QString>

#include "widgets/image_view.h"

namespace bitsky {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    // Opens a FITS file (or the first FITS file of a folder) and shows its first image
    // HDU (first frame of a cube).
    // Returns false and shows the reason in the window if the file cannot be shown.
    bool openFile(const QString& path);
    ImageView* imageView() const { return view_; }
    QString lastError() const { return lastError_; }
    QString currentFile() const { return currentFile_; }

private slots:
    void chooseFile();
    void showPixel(int x, int y, double value);

private:
    void reportError(const QString& message);

    ImageView* view_ = nullptr;
    QLabel* info_ = nullptr;
    QLabel* pixel_ = nullptr;
    QString lastError_;
    QString currentFile_;
};

}  // namespace bitsky
