#pragma once
// Where benchmark workers get their pixels (internal to engine/bench): one open FITS file
// cached per worker; CFITSIO calls serialised when the library was not built reentrant.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/analysis/noise.h"
#include "engine/analysis/noise_any.h"
#include "engine/fits/fits.h"
#include "engine/image/cube.h"
#include "engine/image/pixel_frame.h"

namespace bitsky::bench {

class FrameSource {
public:
    // `serialise`: a mutex shared by all workers when CFITSIO is not reentrant, else null.
    explicit FrameSource(std::mutex* serialise) : serialise_(serialise) {}
    // Frame k (storage order) of an HDU, in its own pixel type (fits::File::read_frame).
    PixelFrame frame(const std::string& path, int hdu, std::size_t k);
    // The selected frames of one HDU as a cube: the whole HDU (its own axes) when every
    // frame is selected, else the selected frames stacked as (W, H, n) in the given order.
    Cube16 frames(const std::string& path, int hdu, const std::vector<std::size_t>& frames,
                  const std::vector<std::size_t>& axes);

    // The HDU's BLANK and SATURATE for the noise estimates.
    analysis::NoiseOptions noise_options(const std::string& path, int hdu);
    analysis::AnyNoiseOptions any_noise_options(const std::string& path, int hdu);

private:
    fits::File& file(const std::string& path);
    std::unique_lock<std::mutex> lock();

    std::mutex* serialise_;
    std::unique_ptr<fits::File> file_;
};

}  // namespace bitsky::bench
