#include "widgets/render.h"

#include <algorithm>
#include <cmath>
#include <limits>

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

// astropy.visualization.ZScaleInterval with its defaults.
DisplayRange zscale(std::span<const double> values) {
    std::vector<double> s = strideSample(values, 1000);
    if (s.empty()) return {};
    std::sort(s.begin(), s.end());
    const std::size_t n = s.size();
    DisplayRange r{s.front(), s.back()};
    const std::size_t minpix = std::max<std::size_t>(5, static_cast<std::size_t>(n * 0.5));
    const std::size_t ngrow = std::max<std::size_t>(1, static_cast<std::size_t>(n * 0.01));
    std::vector<char> bad(n, 0);
    std::size_t good = n, lastGood = n + 1;
    double slope = 0, intercept = 0;
    for (int iter = 0; iter < 5; ++iter) {
        if (good >= lastGood || good < minpix) break;
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (!bad[i]) {
                double x = double(i);
                sw += 1, sx += x, sy += s[i], sxx += x * x, sxy += x * s[i];
            }
        double det = sw * sxx - sx * sx;
        if (det == 0) break;
        slope = (sw * sxy - sx * sy) / det;
        intercept = (sy - slope * sx) / sw;
        double m = 0, m2 = 0;
        std::size_t k = 0;
        std::vector<double> flat(n);
        for (std::size_t i = 0; i < n; ++i) {
            flat[i] = s[i] - (intercept + slope * double(i));
            if (!bad[i]) m += flat[i], m2 += flat[i] * flat[i], ++k;
        }
        m /= double(k);
        double threshold = 2.5 * std::sqrt(std::max(0.0, m2 / double(k) - m * m));
        std::vector<char> reject(n, 0);
        for (std::size_t i = 0; i < n; ++i) reject[i] = bad[i] || flat[i] < -threshold || flat[i] > threshold;
        // Grow rejected pixels by ngrow (numpy convolve mode 'same' with a box of ngrow).
        std::vector<char> grown(n, 0);
        const std::ptrdiff_t before = static_cast<std::ptrdiff_t>((ngrow - 1) / 2),
                             after = static_cast<std::ptrdiff_t>(ngrow / 2);
        for (std::size_t i = 0; i < n; ++i)
            if (reject[i])
                for (std::ptrdiff_t d = -after; d <= before; ++d) {
                    std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + d;
                    if (j >= 0 && j < static_cast<std::ptrdiff_t>(n)) grown[static_cast<std::size_t>(j)] = 1;
                }
        bad.swap(grown);
        lastGood = good;
        good = static_cast<std::size_t>(std::count(bad.begin(), bad.end(), 0));
    }
    if (good >= minpix) {
        double sl = slope / 0.25;
        std::size_t centre = (n - 1) / 2;
        double median = s[centre];
        r.lo = std::max(r.lo, median - (double(centre) - 1.0) * sl);
        r.hi = std::min(r.hi, median + double(n - centre) * sl);
    }
    return r;
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

}  // namespace

DisplayRange computeLimits(std::span<const double> values, Limits limits) {
    switch (limits) {
        case Limits::ZScale: return zscale(values);
        case Limits::Percentile99: return percentile(values, 99.0);
        case Limits::Percentile995: return percentile(values, 99.5);
        case Limits::Percentile999: return percentile(values, 99.9);
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

QImage renderLevels(std::span<const double> values, int width, int height, const StretchTable& table,
                    ColourMap map) {
    QImage img(width, height, QImage::Format_Indexed8);
    const ColourTable& ct = colourTable(map);
    img.setColorTable(QList<QRgb>(ct.begin(), ct.end()));
    for (int y = 0; y < height; ++y) {
        uchar* line = img.scanLine(height - 1 - y);
        const double* row = values.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width);
        for (int x = 0; x < width; ++x) line[x] = table.level(row[x]);
    }
    return img;
}

QImage colourise(const QImage& levels, ColourMap map) {
    QImage out(levels.size(), QImage::Format_RGB32);
    const ColourTable& ct = colourTable(map);
    for (int y = 0; y < levels.height(); ++y) {
        const uchar* in = levels.constScanLine(y);
        auto* o = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < levels.width(); ++x) o[x] = ct[in[x]];
    }
    return out;
}

QString limitsKey(Limits l) {
    switch (l) {
        case Limits::ZScale: return QStringLiteral("zscale");
        case Limits::Percentile99: return QStringLiteral("99");
        case Limits::Percentile995: return QStringLiteral("99.5");
        case Limits::Percentile999: return QStringLiteral("99.9");
        case Limits::MinMax: break;
    }
    return QStringLiteral("minmax");
}

Limits limitsFromKey(const QString& key, Limits fallback) {
    for (Limits l : {Limits::MinMax, Limits::ZScale, Limits::Percentile99, Limits::Percentile995,
                     Limits::Percentile999})
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

Stretch stretchFromKey(const QString& key, Stretch fallback) {
    for (Stretch s : {Stretch::Linear, Stretch::Log, Stretch::Sqrt, Stretch::Asinh, Stretch::HistEq})
        if (stretchKey(s) == key) return s;
    return fallback;
}

}  // namespace bitsky
