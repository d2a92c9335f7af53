// Causal per-pixel features of the neural model (see features.h). Torch-free.
#include "engine/neural/features.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "engine/model/context_model.h"

namespace bitsky::neural::detail {

double med_at(const std::uint16_t* x, std::size_t w, std::size_t r, std::size_t c, double first) {
    const std::uint16_t* row = x + r * w;
    if (r == 0) return c == 0 ? first : row[c - 1];
    const std::uint16_t* up = row - w;
    if (c == 0) return up[0];
    const int a = row[c - 1], b = up[c], cc = up[c - 1];
    return cc >= std::max(a, b) ? std::min(a, b) : cc <= std::min(a, b) ? std::max(a, b) : a + b - cc;
}

void med_predict_rows(const std::uint16_t* x, std::size_t w, std::size_t r0, std::size_t r1, double first, double* out) {
    for (std::size_t r = r0; r < r1; ++r)
        for (std::size_t c = 0; c < w; ++c) out[(r - r0) * w + c] = med_at(x, w, r, c, first);
}

model::ctxmodel::FrameOptions context_options(const std::uint16_t* x, std::size_t w, std::size_t h) {
    if (w == 0 || h == 0) return {};
    return model::ctxmodel::choose_options(x, w, h, true);
}

double context_value(float p, const model::ctxmodel::FrameOptions& o) {
    if (!o.palette) return double(p);
    const double last = double(o.values.size() - 1), q = std::clamp(double(p), 0.0, last);
    const std::size_t i = std::size_t(q);
    if (i + 1 >= o.values.size()) return double(o.values.back());
    return double(o.values[i]) + (q - double(i)) * double(o.values[i + 1] - o.values[i]);
}

void context_predictions(const std::uint16_t* x, std::size_t w, std::size_t h, double first, float* out) {
    context_predictions(x, w, h, first, context_options(x, w, h), out);
}

void context_predictions(const std::uint16_t* x, std::size_t w, std::size_t h, double first,
                         const model::ctxmodel::FrameOptions& opt, float* out) {
    std::vector<std::int32_t> rank;  // palette: a value's rank
    if (opt.palette) {
        rank.assign(65536, 0);
        for (std::size_t r = 0; r < opt.values.size(); ++r) rank[opt.values[r]] = std::int32_t(r);
    }
    auto tap = [&](std::size_t i, const model::ctxmodel::PixelView& view) {
        out[i] = i == 0 ? float(first) : float(context_value(view.P, opt));
        return opt.palette ? int(rank[x[i]]) : int(x[i]);
    };
    model::ctxmodel::expert_online(w, h, opt, tap);
}

std::vector<float> context_predictions(const std::uint16_t* x, std::size_t w, std::size_t h, double first) {
    std::vector<float> out(w * h);
    context_predictions(x, w, h, first, out.data());
    return out;
}

constexpr std::size_t kWinRows = 3, kWinHalf = 3, kFirstRowLeft = 8;

namespace {
// Lower median of the generic (border) window of pixel (r, c).
double window_median(const std::uint16_t* x, std::size_t w, std::size_t r, std::size_t c, double first) {
    std::array<std::uint16_t, kWinRows*(2 * kWinHalf + 1) + kFirstRowLeft> win{};
    std::size_t n = 0;
    const std::size_t c0 = c >= kWinHalf ? c - kWinHalf : 0, c1 = std::min(w - 1, c + kWinHalf);
    for (std::size_t rr = r >= kWinRows ? r - kWinRows : 0; rr < r; ++rr)
        for (std::size_t cc = c0; cc <= c1; ++cc) win[n++] = x[rr * w + cc];
    const std::size_t left = r == 0 ? kFirstRowLeft : kWinHalf;
    for (std::size_t cc = c >= left ? c - left : 0; cc < c; ++cc) win[n++] = x[r * w + cc];
    if (n == 0) return first;
    auto mid = win.begin() + std::ptrdiff_t((n - 1) / 2);
    std::nth_element(win.begin(), mid, win.begin() + std::ptrdiff_t(n));
    return *mid;
}

// A sorted window of 24 values that slides along a row: 4 values leave, 4 enter per step.
struct SortedWindow {
    static constexpr std::size_t kN = kWinRows * (2 * kWinHalf + 1) + kWinHalf;  // 24
    std::array<std::uint16_t, kN> v{};
    // Replaces one occurrence of `out` by `in`, keeping the order: shift the values between
    // the two positions by one (insertion-sort style, no search).
    void replace(std::uint16_t out, std::uint16_t in) {
        if (in == out) return;
        std::size_t i = 0;
        while (v[i] != out) ++i;  // present by construction
        if (in > out) {
            for (; i + 1 < kN && v[i + 1] < in; ++i) v[i] = v[i + 1];
        } else {
            for (; i > 0 && v[i - 1] > in; --i) v[i] = v[i - 1];
        }
        v[i] = in;
    }
};
}  // namespace

double background_at(const std::uint16_t* x, std::size_t w, std::size_t r, std::size_t c, double first) {
    return window_median(x, w, r, c, first);
}

void background_rows(const std::uint16_t* x, std::size_t w, std::size_t r0, std::size_t r1, double first, double* out) {
    for (std::size_t r = r0; r < r1; ++r) {
        double* o = out + (r - r0) * w;
        // Interior pixels of rows with three rows above: the full 24-value window, slid
        // along the row (same values, so the same median, as the generic path).
        const bool slide = r >= kWinRows && w > 2 * kWinHalf + 1;
        const std::size_t first_slide = kWinHalf, last_slide = slide ? w - 1 - kWinHalf : 0;
        for (std::size_t c = 0; c < w; ++c) {
            if (slide && c == first_slide) break;
            o[c] = window_median(x, w, r, c, first);
        }
        if (!slide) continue;
        SortedWindow win;
        std::size_t n = 0;
        for (std::size_t rr = r - kWinRows; rr < r; ++rr)
            for (std::size_t cc = 0; cc <= 2 * kWinHalf; ++cc) win.v[n++] = x[rr * w + cc];
        for (std::size_t cc = 0; cc < kWinHalf; ++cc) win.v[n++] = x[r * w + cc];
        std::sort(win.v.begin(), win.v.end());
        const std::uint16_t* row = x + r * w;
        for (std::size_t c = first_slide;; ++c) {
            o[c] = win.v[(SortedWindow::kN - 1) / 2];
            if (c == last_slide) break;
            // Leaving: column c - 3 of the rows above and the current row; entering: column
            // c + 4 of the rows above and column c of the current row.
            for (std::size_t rr = r - kWinRows; rr < r; ++rr) win.replace(x[rr * w + c - kWinHalf], x[rr * w + c + kWinHalf + 1]);
            win.replace(row[c - kWinHalf], row[c]);
        }
        for (std::size_t c = last_slide + 1; c < w; ++c) o[c] = window_median(x, w, r, c, first);
    }
}

constexpr std::size_t kNoiseRows = 8;
constexpr double kMinSigma = 0.5;

namespace {
// Median |horizontal difference| of one row, interpolated within the integer value.
double row_mad(const std::uint16_t* row, std::size_t w, std::vector<int>& d) {
    d.resize(w - 1);
    for (std::size_t c = 0; c + 1 < w; ++c) d[c] = std::abs(int(row[c + 1]) - int(row[c]));
    std::sort(d.begin(), d.end());
    const double half = double(d.size()) / 2.0;
    const int v = d[d.size() / 2];
    const auto lo = std::lower_bound(d.begin(), d.end(), v), hi = std::upper_bound(d.begin(), d.end(), v);
    const double below = double(lo - d.begin()), eq = double(hi - lo);
    // |d| = v covers [v - 0.5, v + 0.5) (v = 0: [0, 0.5)); the median sits where the
    // cumulative count crosses half.
    return v == 0 ? 0.5 * half / eq : v - 0.5 + (half - below) / eq;
}
}  // namespace

void row_noise_rows(const std::uint16_t* x, std::size_t w, std::size_t r0, std::size_t r1, double fallback, double* out) {
    if (w < 2) {
        std::fill(out, out + (r1 - r0), fallback);
        return;
    }
    const std::size_t first = r0 >= kNoiseRows ? r0 - kNoiseRows : 0;
    std::vector<double> mad(r1 - first);
    std::vector<int> d;
    for (std::size_t r = first; r + 1 < r1; ++r) mad[r - first] = row_mad(x + r * w, w, d);
    for (std::size_t r = r0; r < r1; ++r) {
        if (r == 0) {
            out[0] = fallback;
            continue;
        }
        // Summed oldest first, the same for every r0: strips give the whole-image values.
        const std::size_t a = r >= kNoiseRows ? r - kNoiseRows : 0;
        double sum = 0;
        for (std::size_t k = a; k < r; ++k) sum += mad[k - first];
        out[r - r0] = std::max(kMinSigma, 1.4826 / std::sqrt(2.0) * sum / double(r - a));
    }
}

double squash(double u) { return 16.0 * std::asinh(u / 16.0); }

namespace {
// The median of the values 0..counts.size()-1 counted in `counts` (total n > 0), interpolated
// within the integer value as row_mad does: |d| = v covers [v - 0.5, v + 0.5), 0 [0, 0.5).
double counted_median(const std::vector<std::uint64_t>& counts, std::uint64_t n) {
    const double half = double(n) / 2.0;
    std::uint64_t below = 0;
    std::size_t v = 0;
    while (below + counts[v] <= n / 2) below += counts[v++];
    const double eq = double(counts[v]);
    return v == 0 ? 0.5 * half / eq : double(v) - 0.5 + (half - double(below)) / eq;
}
}  // namespace

FrameStats frame_stats(const std::uint16_t* x, std::size_t w, std::size_t h) {
    FrameStats fs;
    const std::size_t n = w * h;
    if (n == 0) return fs;
    std::vector<std::uint64_t> counts(65536, 0);
    for (std::size_t i = 0; i < n; ++i) ++counts[x[i]];
    std::uint64_t below = 0;
    std::size_t v = 0;
    while (below + counts[v] <= (n - 1) / 2) below += counts[v++];  // the lower median
    fs.background = double(v);
    fs.lo = *std::min_element(x, x + n);
    fs.hi = *std::max_element(x, x + n);
    // |differences| along rows (along the column for frames one pixel wide).
    std::fill(counts.begin(), counts.end(), 0);
    std::uint64_t nd = 0;
    const bool rows = w >= 2;
    const std::size_t step = rows ? 1 : w;
    for (std::size_t i = 0; i + step < n; ++i) {
        if (rows && (i + 1) % w == 0) continue;
        ++counts[std::size_t(std::abs(int(x[i + step]) - int(x[i])))];
        ++nd;
    }
    const double sigma = nd > 0 ? 1.4826 / std::sqrt(2.0) * counted_median(counts, nd) : kMinSigma;
    fs.sigma_q = sigma_code(sigma);
    fs.sigma = sigma_of_code(fs.sigma_q);
    return fs;
}

int sigma_code(double sigma) {
    const double q = std::round(16.0 * std::log2(std::max(sigma, 1e-3)));
    return int(std::clamp(q, double(kSigmaCodeMin), double(kSigmaCodeMax)));
}
double sigma_of_code(int q) { return std::exp2(double(q) / 16.0); }

void neighbour_inputs(std::uint16_t x, double bg, double sig, const FrameStats& fs, float* out) {
    out[0] = float(squash((double(x) - bg) / sig));
    out[1] = 1.0f;
    out[2] = x == fs.hi ? 1.0f : 0.0f;
    out[3] = x == fs.lo ? 1.0f : 0.0f;
}

void pixel_inputs(double med, double bg, double sig, const FrameStats& fs, float* out) {
    out[0] = float(squash((med - bg) / sig));
    out[1] = float(std::clamp(std::log(sig / fs.sigma), -8.0, 8.0));
}

void direct_features(const std::uint16_t* x, std::size_t w, std::size_t r0, std::size_t r1, const FrameStats& fs,
                     DirectFeatures& f, const float* ctx) {
    const std::size_t n = (r1 - r0) * w;
    f.w = w;
    f.rows = r1 - r0;
    std::vector<double> pred(n), bg(n), noise(r1 - r0);
    if (ctx)
        std::copy(ctx + r0 * w, ctx + r1 * w, pred.begin());
    else
        med_predict_rows(x, w, r0, r1, fs.background, pred.data());
    background_rows(x, w, r0, r1, fs.background, bg.data());
    row_noise_rows(x, w, r0, r1, fs.sigma, noise.data());
    f.nb.resize(n * kNeighbourInputs);
    f.pix.resize(n * kPixelInputs);
    f.r_bg.resize(n);
    f.r_med.resize(n);
    f.sig.assign(noise.begin(), noise.end());
    const std::uint16_t* px = x + r0 * w;
    for (std::size_t i = 0; i < n; ++i) {
        const double s = noise[i / w];
        neighbour_inputs(px[i], bg[i], s, fs, f.nb.data() + i * kNeighbourInputs);
        pixel_inputs(pred[i], bg[i], s, fs, f.pix.data() + i * kPixelInputs);
        f.r_bg[i] = float(px[i] - bg[i]);  // exact: integers below 2^24
        f.r_med[i] = float(px[i] - pred[i]);
    }
}

}  // namespace bitsky::neural::detail
