// fits::File::read_frame: one frame in its own pixel type, exactly (PixelFrame's rules).
#include <fitsio.h>

#include "engine/fits/file_handle.h"
#include "engine/util/error.h"

namespace bitsky::fits {

PixelFrame File::read_frame(int index, std::size_t k) const {
    move_to(index);
    const HduInfo& h = hdu(index);
    if (auto why = h.skip_reason(); !why.empty())
        throw Error(path_.string() + ": HDU " + std::to_string(index) + " is " + why);
    // Unsigned integers by FITS's BZERO convention are read as their physical values
    // (CFITSIO applies the offset exactly); everything else as stored, unscaled.
    const bool unsigned_offset = h.bscale == 1.0 && ((h.bitpix == 16 && h.bzero == 32768.0) ||
                                                     (h.bitpix == 32 && h.bzero == 2147483648.0));
    Sample sample;
    int datatype = 0;
    switch (h.bitpix) {
        case 8: sample = Sample::U8, datatype = TBYTE; break;
        case 16: sample = unsigned_offset ? Sample::U16 : Sample::I16, datatype = unsigned_offset ? TUSHORT : TSHORT; break;
        case 32: sample = unsigned_offset ? Sample::U32 : Sample::I32, datatype = unsigned_offset ? TUINT : TINT; break;
        case -32: sample = Sample::F32, datatype = TFLOAT; break;
        case -64: sample = Sample::F64, datatype = TDOUBLE; break;
        default:
            throw Error(path_.string() + ": HDU " + std::to_string(index) + ": BITPIX=" + std::to_string(h.bitpix) +
                        " images are not read as frames (8, 16, 32, -32 and -64 are)");
    }
    const FrameRange r = frame_range(h, k, path_);
    PixelFrame f = PixelFrame::zeros(sample, h.axes[0], h.axes[1]);
    fitsfile* fp = handle_->fptr;
    int status = 0, anynul = 0;
    if (!unsigned_offset) fits_set_bscale(fp, 1.0, 0.0, &status);
    // No null value: CFITSIO then copies floats without looking at them (NaN payloads kept).
    fits_read_img(fp, datatype, r.first, r.count, nullptr, f.bytes().data(), &anynul, &status);
    if (!unsigned_offset) {
        int restore = 0;  // later reads of this HDU (physical values) scale again
        fits_set_bscale(fp, h.bscale, h.bzero, &restore);
    }
    if (status) fail(path_, "cannot read frame " + std::to_string(k) + " of HDU " + std::to_string(index), status);
    return f;
}

}  // namespace bitsky::fits
