#include "app/gui/shown_frame.h"

#include "engine/util/error.h"

namespace bitsky {

PixelFrame ShownFrame::values() const {
    if (pixels) return *pixels;
    if (!frame16) throw Error("no frame is shown");
    return PixelFrame::from_u16(frame16->data(), frame16->shifted ? Sample::I16 : Sample::U16, frame16->width(),
                                frame16->height());
}

}  // namespace bitsky
