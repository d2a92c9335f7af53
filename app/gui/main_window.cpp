#include "app/gui/main_window.h"

#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"

namespace bitsky {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("BitSky"));
    view_ = new ImageView(this);
    setCentralWidget(view_);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open FITS file..."), this, &MainWindow::chooseFile);
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    info_ = new QLabel(this);
    pixel_ = new QLabel(this);
    statusBar()->addWidget(info_, 1);
    statusBar()->addPermanentWidget(pixel_);
    connect(view_, &ImageView::pixelHovered, this, &MainWindow::showPixel);
    resize(1000, 720);
}

void MainWindow::chooseFile() {
    QString path = QFileDialog::getOpenFileName(this, tr("Open FITS file"), QString(),
                                                tr("FITS files (*.fits *.fit *.fts *.fits.gz *.fz);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

bool MainWindow::openFile(const QString& requested) {
    QString path = requested;
    try {
        // A folder (a dataset): show its first image.
        if (QFileInfo(path).isDir()) {
            auto ds = dataset::discover(path.toStdString());
            if (ds.images.empty()) throw Error(path.toStdString() + ": no FITS files in this folder");
            path = QString::fromStdString(ds.images.front().path.string());
        }
        auto file = fits::File::open(path.toStdString());
        auto images = file.image_hdus();
        if (images.empty())
            throw Error(path.toStdString() + ": no image HDU with 2 to 4 axes");
        const fits::HduInfo& hdu = file.hdu(images.front());
        CubeF64 frame = file.read_physical_frame(hdu.index, 0);
        view_->setFrame(std::move(frame.data()), static_cast<int>(frame.width()), static_cast<int>(frame.height()));
        currentFile_ = path;
        lastError_.clear();
        setWindowTitle(tr("BitSky - %1").arg(QFileInfo(path).fileName()));
        info_->setText(tr("HDU %1 (%2), %3, BITPIX %4, display %5 .. %6")
                           .arg(hdu.index)
                           .arg(QString::fromStdString(hdu.extname))
                           .arg(QString::fromStdString(shape_string(hdu.axes)))
                           .arg(hdu.bitpix)
                           .arg(view_->displayMin())
                           .arg(view_->displayMax()));
        return true;
    } catch (const std::exception& e) {
        reportError(QString::fromStdString(e.what()));
        return false;
    }
}

void MainWindow::reportError(const QString& message) {
    lastError_ = message;
    info_->setText(tr("Cannot open: %1").arg(message));
    if (QGuiApplication::platformName() != QLatin1String("offscreen"))
        QMessageBox::warning(this, tr("BitSky"), tr("Cannot open the file.\n\n%1").arg(message));
}

void MainWindow::showPixel(int x, int y, double value) {
    pixel_->setText(tr("x %1  y %2  value %3").arg(x + 1).arg(y + 1).arg(value, 0, 'g', 7));
}

}  // namespace bitsky
