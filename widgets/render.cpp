#include "widgets/render.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace bitsky {
namespace {

std::vector<double> strideSample(std::span<const double> values, std::size_t want) {
    std::vector<double> s;
    if (values.empty()) return s;
    std::size_t stride = std::max<std::size_t>(1, values.size() / want);
    s.reserve(values.size() / stride + 1);
    for (std::size_t i = 0; i < values.size(); i += stride)
        if (std::isfinite(values[i])) s.push_back(values[i]);
    return s;
}

DisplayRange minMax(std::span<const double> values) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : values)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (!(hi >= lo)) return {};
    return {lo, hi};
}

DisplayRange percentile(std::span<const double> values, double keep) {
    std::vector<double> s = strideSample(values, std::size_t{1} << 20);
    if (s.empty()) return {};
    double tail = (100.0 - keep) / 200.0;
    auto at = [&](double q) {
        auto k = static_cast<std::size_t>(std::lround(q * double(s.size() - 1)));
        std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(k), s.end());
        return s[k];
    };
    double lo = at(tail), hi = at(1.0 - tail);
    return {lo, hi};
}

// The samples of ZScaleInterval.get_limits: values[isfinite][::stride][:nsamples], sorted.
std::vector<double> zscaleSamples(std::span<const double> values, std::size_t nsamples) {
    std::size_t finite = 0;
    for (double v : values) finite += std::isfinite(v) ? 1 : 0;
    std::vector<double> s;
    if (finite == 0 || nsamples == 0) return s;
    // int(max(1.0, values.size / n_samples)): a float division, truncated.
    const auto stride =
        static_cast<std::size_t>(std::max(1.0, static_cast<double>(finite) / static_cast<double>(nsamples)));
    s.reserve(std::min(nsamples, finite));
    std::size_t k = 0;  // index among the finite values
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        if (k++ % stride == 0) {
            s.push_back(v);
            if (s.size() == nsamples) break;
        }
    }
    std::sort(s.begin(), s.end());
    return s;
}

}  // namespace

DisplayRange zscaleLimits(std::span<const double> values, const ZScaleParams& p) {
    const std::vector<double> s = zscaleSamples(values, p.nsamples);
    if (s.empty()) return {};
    const std::size_t npix = s.size();
    DisplayRange r{s.front(), s.back()};
    const std::size_t minpix =
        std::max(p.minNpixels, static_cast<std::size_t>(static_cast<double>(npix) * p.maxReject));
    const std::size_t ngrow = std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(npix) * 0.01));
    // numpy.convolve(badpix, ones(ngrow), mode='same') marks i - (ngrow-1)/2 .. i + ngrow/2.
    const std::size_t growBefore = (ngrow - 1) / 2, growAfter = ngrow / 2;
    std::vector<char> bad(npix, 0), grown(npix, 0);
    std::vector<double> flat(npix);
    std::size_t ngood = npix, lastGood = npix + 1;
    double slope = 0;
    for (int iter = 0; iter < p.maxIterations; ++iter) {
        if (ngood >= lastGood || ngood < minpix) break;
        // Least-squares line through the good samples (numpy.polyfit with 0/1 weights),
        // about the mean of x for accuracy.
        double xm = 0, ym = 0;
        for (std::size_t i = 0; i < npix; ++i)
            if (!bad[i]) xm += double(i), ym += s[i];
        xm /= double(ngood);
        ym /= double(ngood);
        double sxy = 0, sxx = 0;
        for (std::size_t i = 0; i < npix; ++i)
            if (!bad[i]) {
                const double dx = double(i) - xm;
                sxy += dx * (s[i] - ym);
                sxx += dx * dx;
            }
        slope = sxx > 0 ? sxy / sxx : 0.0;
        const double intercept = ym - slope * xm;
        // Residuals and their (population) standard deviation over the good samples.
        double mean = 0;
        for (std::size_t i = 0; i < npix; ++i) {
            flat[i] = s[i] - (slope * double(i) + intercept);
            if (!bad[i]) mean += flat[i];
        }
        mean /= double(ngood);
        double var = 0;
        for (std::size_t i = 0; i < npix; ++i)
            if (!bad[i]) var += (flat[i] - mean) * (flat[i] - mean);
        const double threshold = p.krej * std::sqrt(var / double(ngood));
        for (std::size_t i = 0; i < npix; ++i)
            if (flat[i] < -threshold || flat[i] > threshold) bad[i] = 1;
        std::fill(grown.begin(), grown.end(), 0);
        for (std::size_t i = 0; i < npix; ++i) {
            if (!bad[i]) continue;
            const std::size_t from = i >= growBefore ? i - growBefore : 0, to = std::min(npix - 1, i + growAfter);
            std::fill(grown.begin() + static_cast<std::ptrdiff_t>(from), grown.begin() + static_cast<std::ptrdiff_t>(to) + 1,
                      1);
        }
        bad.swap(grown);
        lastGood = ngood;
        ngood = static_cast<std::size_t>(std::count(bad.begin(), bad.end(), 0));
    }
    if (ngood >= minpix) {
        if (p.contrast > 0) slope /= p.contrast;
        const double centre = double((npix - 1) / 2);
        const double median = npix % 2 ? s[npix / 2] : (s[npix / 2 - 1] + s[npix / 2]) / 2.0;
        r.lo = std::max(r.lo, median - (centre - 1.0) * slope);
        r.hi = std::min(r.hi, median + (double(npix) - centre) * slope);
    }
    return r;
}

DisplayRange computeLimits(std::span<const double> values, Limits limits, DisplayRange manual) {
    switch (limits) {
        case Limits::ZScale: return zscaleLimits(values);
        case Limits::Percentile99: return percentile(values, 99.0);
        case Limits::Percentile995: return percentile(values, 99.5);
        case Limits::Percentile999: return percentile(values, 99.9);
        case Limits::Manual: return manual;
        case Limits::MinMax: break;
    }
    return minMax(values);
}

double applyStretch(Stretch stretch, double t) {
    t = std::clamp(t, 0.0, 1.0);
    switch (stretch) {
        case Stretch::Log: return std::log10(1000.0 * t + 1.0) / std::log10(1001.0);
        case Stretch::Sqrt: return std::sqrt(t);
        case Stretch::Asinh: return std::asinh(10.0 * t) / std::asinh(10.0);
        case Stretch::Linear:
        case Stretch::HistEq: break;
    }
    return t;
}

StretchTable::StretchTable(Stretch stretch, DisplayRange range, std::span<const double> values)
    : lo_(range.lo), table_(kSteps) {
    scale_ = range.hi > range.lo ? (kSteps - 1) / (range.hi - range.lo) : 0.0;
    if (stretch == Stretch::HistEq && scale_ > 0 && !values.empty()) {
        // Cumulative histogram of the values within the limits, one bin per table step.
        std::vector<std::uint64_t> hist(kSteps, 0);
        for (double v : values) {
            if (!(v >= range.lo && v <= range.hi)) continue;
            hist[static_cast<std::size_t>((v - lo_) * scale_ + 0.5)]++;
        }
        std::uint64_t total = 0;
        for (auto c : hist) total += c;
        std::uint64_t run = 0;
        for (int i = 0; i < kSteps; ++i) {
            run += hist[static_cast<std::size_t>(i)];
            table_[static_cast<std::size_t>(i)] =
                static_cast<unsigned char>(total ? std::min(255.0, 256.0 * double(run) / double(total)) : 0);
        }
        table_[0] = 0;
        return;
    }
    for (int i = 0; i < kSteps; ++i) {
        double y = applyStretch(stretch, double(i) / (kSteps - 1));
        table_[static_cast<std::size_t>(i)] = static_cast<unsigned char>(std::clamp(y * 255.0 + 0.5, 0.0, 255.0));
    }
}

namespace {

// fn(y0, y1) over row bands, on up to 4 threads (this one included); joined on return.
template <class F>
void forRows(int height, const F& fn) {
    const int n = height < 256 ? 1 : std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
    const int band = (height + n - 1) / n;
    std::vector<std::jthread> others;
    for (int t = 1; t < n; ++t)
        if (const int y0 = t * band; y0 < height) others.emplace_back([&fn, y0, y1 = std::min(height, y0 + band)] { fn(y0, y1); });
    fn(0, std::min(height, band));
}

// `reuse` if it has this size and format (its pixels are overwritten), else a new image.
QImage imageFor(QImage reuse, QSize size, QImage::Format format) {
    if (reuse.size() == size && reuse.format() == format) return reuse;
    return QImage(size, format);
}

}  // namespace

QImage renderLevels(std::span<const double> values, int width, int height, const StretchTable& table,
                    const ColourTable& colours, QImage reuse) {
    QImage img = imageFor(std::move(reuse), QSize(width, height), QImage::Format_Indexed8);
    img.setColorTable(QList<QRgb>(colours.begin(), colours.end()));
    uchar* bits = img.bits();  // detached here, once, before the threads write rows
    const qsizetype stride = img.bytesPerLine();
    forRows(height, [&](int y0, int y1) {
        for (int y = y0; y < y1; ++y) {
            uchar* line = bits + stride * (height - 1 - y);
            const double* row = values.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width);
            for (int x = 0; x < width; ++x) line[x] = table.level(row[x]);
        }
    });
    return img;
}

QImage colourise(const QImage& levels, const ColourTable& colours, QImage reuse) {
    QImage out = imageFor(std::move(reuse), levels.size(), QImage::Format_RGB32);
    uchar* bits = out.bits();
    const qsizetype stride = out.bytesPerLine();
    const uchar* in = levels.constBits();
    const qsizetype inStride = levels.bytesPerLine();
    const int width = levels.width();
    forRows(levels.height(), [&](int y0, int y1) {
        for (int y = y0; y < y1; ++y) {
            const uchar* l = in + inStride * y;
            auto* o = reinterpret_cast<QRgb*>(bits + stride * y);
            for (int x = 0; x < width; ++x) o[x] = colours[l[x]];
        }
    });
    return out;
}

namespace {
constexpr Limits kLimits[] = {Limits::ZScale,        Limits::MinMax,        Limits::Percentile99,
                              Limits::Percentile995, Limits::Percentile999, Limits::Manual};
constexpr Stretch kStretches[] = {Stretch::Linear, Stretch::Log, Stretch::Sqrt, Stretch::Asinh, Stretch::HistEq};
}  // namespace

QString limitsKey(Limits l) {
    switch (l) {
        case Limits::MinMax: return QStringLiteral("minmax");
        case Limits::Percentile99: return QStringLiteral("99");
        case Limits::Percentile995: return QStringLiteral("99.5");
        case Limits::Percentile999: return QStringLiteral("99.9");
        case Limits::Manual: return QStringLiteral("manual");
        case Limits::ZScale: break;
    }
    return QStringLiteral("zscale");
}

bool isLimitsKey(const QString& key) {
    return std::any_of(std::begin(kLimits), std::end(kLimits), [&](Limits l) { return limitsKey(l) == key; });
}

Limits limitsFromKey(const QString& key, Limits fallback) {
    for (Limits l : kLimits)
        if (limitsKey(l) == key) return l;
    return fallback;
}

QString stretchKey(Stretch s) {
    switch (s) {
        case Stretch::Log: return QStringLiteral("log");
        case Stretch::Sqrt: return QStringLiteral("sqrt");
        case Stretch::Asinh: return QStringLiteral("asinh");
        case Stretch::HistEq: return QStringLiteral("histeq");
        case Stretch::Linear: break;
    }
    return QStringLiteral("linear");
}

bool isStretchKey(const QString& key) {
    return std::any_of(std::begin(kStretches), std::end(kStretches), [&](Stretch s) { return stretchKey(s) == key; });
}

Stretch stretchFromKey(const QString& key, Stretch fallback) {
    for (Stretch s : kStretches)
        if (stretchKey(s) == key) return s;
    return fallback;
}

}  // namespace bitsky
