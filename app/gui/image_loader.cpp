#include "app/gui/image_loader.h"
#include "app/gui/fs_path.h"

#include <filesystem>
#include <QFileInfo>
#include <algorithm>

#include "app/gui/pools.h"
#include "engine/dataset/dataset.h"
#include "engine/fits/extended_name.h"

namespace bitsky {
namespace {

struct FrameValues {
    ShownFrame shown;            // the exact values, for the analysis panels
    std::vector<double> values;  // physical values for display
    int width = 0, height = 0;
};

// Frame k of an HDU: its exact values (the uint16 view of 16-bit HDUs, as the codecs take
// it; the values of every other type) and the physical values.
FrameValues readFrameValues(const fits::File& file, int hduIndex, std::size_t k) {
    const fits::HduInfo& hdu = file.hdu(hduIndex);
    FrameValues out;
    out.shown.bitpix = hdu.bitpix;
    out.shown.bunit = hdu.card_value("BUNIT").value_or("");
    out.shown.noise = analysis::any_noise_options_for(hdu);
    if (hdu.is_16bit()) {
        out.shown.frame16 = std::make_shared<const Cube16>(file.read_u16_frame(hduIndex, k));
        const Cube16& f16 = *out.shown.frame16;
        out.width = int(f16.width());
        out.height = int(f16.height());
        if (hdu.bscale == 1.0 && !hdu.card_value("BLANK")) {
            // The uint16 view is stored + 32768, so physical = u16 - 32768 + BZERO:
            // one read of the file instead of two.
            const double offset = hdu.bzero - 32768.0;
            out.values.resize(f16.data().size());
            std::transform(f16.data().begin(), f16.data().end(), out.values.begin(),
                           [offset](std::uint16_t v) { return double(v) + offset; });
            return out;
        }
    } else if (hdu.bitpix != 64) {  // 64-bit integers are displayed, not analysed
        out.shown.pixels = std::make_shared<const PixelFrame>(file.read_frame(hduIndex, k));
    }
    CubeF64 frame = file.read_physical_frame(hduIndex, k);
    out.width = int(frame.width());
    out.height = int(frame.height());
    out.values = std::move(frame.data());
    return out;
}

// The worker of load: open, find the HDU, read and render its first frame.
LoadResult loadInBackground(const QString& requested, int wantHdu, const DisplaySettings& display) {
    LoadResult r;
    r.path = requested;
    try {
        // A folder (a dataset): show its first image.
        std::error_code ec;
        if (std::filesystem::is_directory(toFsPath(requested), ec)) {
            auto ds = dataset::discover(toFsPath(requested));
            if (ds.images.empty()) {
                r.error = ImageLoader::tr("%1: no FITS files in this folder").arg(requested);
                return r;
            }
            r.path = fromFsPath(ds.images.front().path);
        }
        // A file may name one HDU as CFITSIO does: file[N] (0 = primary), file[NAME], file[NAME,VER].
        const fits::FileArgument arg = fits::parse_file_argument(toFsBytes(r.path));
        if (arg.hdu) r.path = fromFsPath(arg.path);
        auto file = std::make_shared<fits::File>(fits::File::open(arg.path));
        if (arg.hdu && wantHdu < 0) wantHdu = fits::find_hdu(*file, *arg.hdu);
        auto images = file->image_hdus();
        if (images.empty()) {
            r.error = ImageLoader::tr("%1: no image HDU with 2 to 4 axes").arg(r.path);
            return r;
        }
        if (wantHdu >= 0 && std::find(images.begin(), images.end(), wantHdu) == images.end()) {
            r.error = ImageLoader::tr("%1: HDU %2 is not an image with 2 to 4 axes").arg(r.path).arg(wantHdu);
            return r;
        }
        r.hdu = wantHdu >= 0 ? wantHdu : images.front();
        FrameValues fv = readFrameValues(*file, r.hdu, 0);
        r.shown = std::move(fv.shown);
        r.wcs = std::make_shared<const wcs::Wcs>(wcs::Wcs::from_cards(file->hdu(r.hdu).cards));
        r.frame = std::make_shared<RenderedFrame>(
            ImageView::renderFrame(std::move(fv.values), fv.width, fv.height, display));
        r.file = std::move(file);
    } catch (const std::exception& e) {
        r.error = QString::fromStdString(e.what());
    } catch (...) {
        r.error = ImageLoader::tr("%1: cannot be read").arg(r.path);
    }
    return r;
}

}  // namespace

ImageLoader::ImageLoader(ImageView* view, QWidget* window)
    : QObject(window),
      view_(view),
      window_(window),
      task_(loadPool(), LatestTask<LoadResult>::Mode::Restart, [this](LoadResult r) { apply(r); }) {}

void ImageLoader::load(const QString& path, int hdu) {
    task_.start([path, hdu, display = view_->display()](std::stop_token) { return loadInBackground(path, hdu, display); });
}

void ImageLoader::apply(const LoadResult& r) {
    if (!r.error.isEmpty()) {
        reportError(r.error);
        emit loadFinished(false);
        return;
    }
    file_ = r.file;
    hdu_ = r.hdu;
    frame_ = 0;
    wcs_ = r.wcs;
    currentFile_ = r.path;
    lastError_.clear();
    if (errorBox_) errorBox_->hide();
    shown_ = r.shown;
    view_->setRenderedFrame(std::move(*r.frame));
    emit loadFinished(true);
}

bool ImageLoader::showFrame(std::size_t index) {
    if (!file_) return false;
    try {
        FrameValues fv = readFrameValues(*file_, hdu_, index);
        frame_ = index;
        shown_ = std::move(fv.shown);
        view_->setFrame(std::move(fv.values), fv.width, fv.height);
        return true;
    } catch (const std::exception& e) {
        reportError(QString::fromStdString(e.what()));
        return false;
    }
}

void ImageLoader::reportError(const QString& message) {
    lastError_ = message;
    // Non-modal: the window stays usable (and tests are never blocked by it).
    if (!errorBox_) {
        errorBox_ = new QMessageBox(QMessageBox::Warning, tr("BitSky"), QString(), QMessageBox::Ok, window_);
        errorBox_->setWindowModality(Qt::NonModal);
    }
    errorBox_->setText(tr("Cannot open the file.\n\n%1").arg(message));
    errorBox_->show();
    emit errorReported(message);
}

}  // namespace bitsky
