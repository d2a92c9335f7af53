#pragma once
// The image shown: opens a FITS file (or the first FITS file of a folder) in the
// background (open, HDU discovery, the frame read and the whole render pipeline happen
// off the GUI thread; the newest load wins), installs it in the ImageView, reads the
// other frames of a cube, and reports failures in a non-modal dialog naming the file
// and the reason.
#include <QMessageBox>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>

#include "app/gui/latest_task.h"
#include "app/gui/shown_frame.h"
#include "engine/fits/fits.h"
#include "engine/image/cube.h"
#include "engine/wcs/wcs.h"
#include "widgets/image_view.h"

namespace bitsky {

// Everything a load needs off the GUI thread: the file, the HDU and its first frame,
// rendered through the display pipeline.
struct LoadResult {
    QString path, error;
    int hdu = -1;
    std::shared_ptr<fits::File> file;
    ShownFrame shown;
    std::shared_ptr<RenderedFrame> frame;
    std::shared_ptr<const wcs::Wcs> wcs;  // the HDU's WCS, parsed here too
};

class ImageLoader : public QObject {
    Q_OBJECT
public:
    // Frames are shown in `view`; the error dialog is a child of `window`.
    ImageLoader(ImageView* view, QWidget* window);

    // Starts loading `path` (a file, or a folder: its first FITS file), HDU `hdu` (-1: the
    // first image HDU), rendered with the view's current display settings. A newer load
    // makes this one stale: its result is dropped. Ends with loadFinished.
    void load(const QString& path, int hdu = -1);
    bool loading() const { return task_.busy(); }
    // Reads and shows frame `index` (flat over the axes beyond 2) of the HDU shown; false
    // (and reported) if there is no image or the frame cannot be read.
    bool showFrame(std::size_t index);
    // Shows a failure: lastError() and the non-modal error dialog; emits errorReported.
    void reportError(const QString& message);

    const std::shared_ptr<fits::File>& file() const { return file_; }
    // The HDU shown (null before the first image).
    const fits::HduInfo* hdu() const { return file_ && hdu_ >= 0 ? &file_->hdu(hdu_) : nullptr; }
    int hduIndex() const { return hdu_; }
    std::size_t frame() const { return frame_; }
    // The frame shown, exactly (any pixel type; empty before the first image).
    const ShownFrame& shown() const { return shown_; }
    // The WCS of the HDU shown (null before the first image; it may be !valid()).
    const wcs::Wcs* wcs() const { return wcs_.get(); }
    QString currentFile() const { return currentFile_; }
    QString lastError() const { return lastError_; }
    QMessageBox* errorDialog() const { return errorBox_; }

signals:
    // A load ended (ok: its first frame is shown; otherwise the failure was reported).
    void loadFinished(bool ok);
    void errorReported(const QString& message);

private:
    void apply(const LoadResult& r);

    ImageView* view_;
    QWidget* window_;
    QMessageBox* errorBox_ = nullptr;
    std::shared_ptr<fits::File> file_;
    int hdu_ = -1;
    std::size_t frame_ = 0;
    std::shared_ptr<const wcs::Wcs> wcs_;
    ShownFrame shown_;
    QString lastError_;
    QString currentFile_;
    LatestTask<LoadResult> task_;
};

}  // namespace bitsky
