#pragma once
// BitSky's sequential adaptive pixel model, shared by the `context` bit-cost map and
// the `bitsky` codec so that the map is exactly the code length of a real coder.
//
// A frame is coded as a small header followed by its pixels in raster order (first
// stored row first). Both go through the same Coder, so the map counts both.
//
// Header (FrameOptions, chosen by choose_options from the pixels alone):
//  - palette flag: pixels are replaced by their rank among the used values ("histogram
//    packing", as JPEG-XL's channel palette) and the sorted list of used values is
//    coded (gap lengths, Elias-gamma with adaptive bits): digitised plates, rescaled
//    data, and the sparse values of stars and cosmic rays above a dense sky;
//  - copy flag: each pixel first codes whether it copies a neighbour or the plane
//    W + N - NW (step 2 below): upsampled, block-replicated or H-transform-quantised
//    data (digitised plates), flag planes.
//  Two-pass choice: the candidates (palette off, and on if any value between the lowest
//  and the highest is unused; copies as advised by how often neighbours are equal, and
//  the other way when that is common) are costed by this model itself (TrialCoder) on
//  bands of rows spread over the frame, about 1/64 of it for every candidate, then up to
//  1/16 for those within 3% of the cheapest, and the cheapest is coded (since 2026-12-04;
//  until then small frames were costed whole, which made the encoder 2-3.5x slower than
//  the decoder there). The predictions do not depend on the copy flag: they are made
//  once per palette flag and coded under each copy flag; a frame too short for bands is
//  costed whole and the winner's predictions are coded without predicting the frame
//  again (run's kPredictPhase / kCodePhase).
// The header's bits are spread evenly over the pixels of the map.
//
// For every pixel:
//  1. prediction: a blend of four predictors (the means of the 12 nearest causal neighbours
//     and of the 80 in the 4 rows above (19 columns) and the 4 to the left, N+NE-NNE, and a normalised-LMS linear predictor over 9
//     neighbours that adapts over the frame) weighted by ~1/err^8 of each predictor's
//     recent errors (a causal spatially smoothed |error|) at the causal neighbours
//     (computed from the float's bits, see inverse_fourth_power):
//     flat sky -> the wide means (MED alone roughly doubles the noise variance there),
//     edges -> the gradient, smooth galaxies -> the LMS predictor. (MED, the plane
//     W+N-NW, a mixed gradient, W+NE-N and N+NW-NNW were in the blend until 2026-11-27:
//     measured one by one, each cost more time than it saved bits; a CALIC-style
//     per-context bias correction cost +5% bits on the low-noise sample frames);
//  2. copy flags (only when the header says so): "equal to W?", "to N?", "to NE?",
//     "to NW?", "to W + N - NW?" (the plane in value space; each asked only if that
//     candidate differs from the ones before), in a context of the neighbourhood's
//     equality pattern and the pixel's position in its 2x2 block (the
//     plates' H-transform blocks: in 72-80% of them the last pixel is the plane);
//  3. context: the local activity (mean |residual| of the causal neighbours) on a log
//     scale. (Until 2026-11-27 also how far the prediction was from an integer, in 3
//     classes: dropping it saved 0.3% bits on average, the rounding side being used
//     by the interleave below, and took the blend's division off the decoder's path
//     to the token's distribution);
//  4. the residual (unless copied), folded mod 2^16, turned towards the prediction's
//     rounding and interleaved (0, +1, -1, ...), loses its low raw bits when the
//     activity is high (coded raw, 1 bit each); the rest is ONE symbol of a 33-token
//     adaptive distribution of its context (hybrid integers as in JPEG-XL: 16 direct
//     values, then 4 tokens per octave with the bits below coded raw, and an escape),
//     coded by a multi-symbol range coder. The distribution used is the one held
//     *before* the symbol; every context starts from a geometric prior of its
//     activity class.
//
// The Coder policy sees each coded decision: `int bit(Prob& p, int b)` codes a binary
// decision (header, copy flags, escapes) and updates p; `int token(Cdf& d, int t)` codes
// a token (the model updates d, see Contexts::adapt); `unsigned raw(int n, unsigned v)`
// codes n raw bits; when decoding they ignore the value passed and return the decoded
// one. Everything is integer or deterministic IEEE float (no FMA contraction is relied
// on: encoder and decoder are the same code; sums are written in a fixed order), so
// encoder and decoder compute identical predictions.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace bitsky::model::ctxmodel {

// The per-pixel helpers are forced inline: the pixel loops are compiled as AVX2 and
// baseline clones, into which the compiler would not otherwise inline them.
#define BITSKY_PIXEL_INLINE [[gnu::always_inline]] inline
#define BITSKY_LAMBDA_INLINE __attribute__((always_inline))

// 65536 / (n + 2): the adaptation rate of a Prob that has seen n decisions.
inline constexpr int kRateLimit = 4094;
inline constexpr std::array<std::int32_t, kRateLimit + 1> kRate = [] {
    std::array<std::int32_t, kRateLimit + 1> t{};
    for (int n = 0; n <= kRateLimit; ++n) t[static_cast<std::size_t>(n)] = 65536 / (n + 2);
    return t;
}();

// Adaptive probability that a bit is 0 with a count-based rate: fast while a context is
// new, 1/4096 once it has seen enough. Held with 32 bits (a 16-bit state cannot move by
// less than 2^-16 per step, so a rate of 2^-10 stalled it 1/64 short of certainty: on
// frames where one decision is almost always the same, e.g. a data-quality plane's copy
// flags, that cost 0.02 bit a pixel instead of 0.002); coded with 16 bits.
struct Prob {
    static constexpr int kMin = 32, kMax = 65536 - 32;
    std::uint32_t p = 0x80000000u;
    std::uint16_t n = 0;
    // P(bit == 0) in 1/65536 units, as coded.
    BITSKY_PIXEL_INLINE int p0() const { return std::clamp(static_cast<int>(p >> 16), kMin, kMax); }
    BITSKY_PIXEL_INLINE void update(int bit) {
        const std::int64_t target = bit ? 0 : (std::int64_t{1} << 32) - 1;
        const std::int64_t cur = p;
        p = static_cast<std::uint32_t>(cur + (((target - cur) * kRate[n]) >> 16));
        n = static_cast<std::uint16_t>(n + (n < kRateLimit));
    }
};

// -log2 of a 16-bit probability, tabulated (p in 0..65536, p=0 unused).
const float* cost_table();
inline float bit_cost(const Prob& p, int bit, const float* table) {
    return bit ? table[65536 - p.p0()] : table[p.p0()];
}

constexpr int kActivityClasses = 48;
// kWin: half-width of the wide mean's window (19 columns x 4 rows + 4 left = 80 pixels;
// until 2026-12-03 9 columns, 40 pixels: the wider one saves 0.08% on the sample sky
// and the real frames, where the sky's noise dominates); the pads cover it.
constexpr int kWin = 9;
constexpr int kPadX = kWin, kPadY = 4;
// Copy-flag contexts: the neighbourhood's equality pattern (64) x the pixel's position in
// its 2x2 block (4). (Until 2026-12-03 also NW == NWW, NW == NNW and 3 activity classes:
// 12x the contexts, which the small plates paid for in learning: dss_plate -1.0%,
// dss_gzip -1.3% without them, a data-quality plane +1%.)
constexpr int kCopyContexts = 64 * 4;

// Adaptive cumulative distribution over kTokens symbols for the multi-symbol range
// coder: one coded symbol replaces the 5-14 binary decisions a binarised residual
// needs. Stored with 16 extra fractional bits so that slow adaptation still moves
// small probabilities; coded as 15-bit cumulative frequencies at(i) = (c[i] >> 16) + i,
// so every symbol keeps a frequency of at least 1/32768 and at(kTokens) = 32768.
constexpr int kTokens = 33;
constexpr std::int32_t kCdfTotal = (32768 - kTokens) << 16;
constexpr int kCdfMaxShift = 12;  // 2^-12 once a context has seen 2048 symbols (was 2^-10: 0.08% more bits)
constexpr int kPriorCount = 14;  // the prior weighs like this many coded symbols
inline constexpr std::array<std::uint8_t, 4096> kCdfShift = [] {
    std::array<std::uint8_t, 4096> t{};
    for (int n = 0; n < 4096; ++n)
        t[static_cast<std::size_t>(n)] = static_cast<std::uint8_t>(std::min(static_cast<int>(std::bit_width(static_cast<unsigned>(n) + 2)) - 1, kCdfMaxShift));
    return t;
}();
// 4-lane vectors (GCC/Clang vector extensions: SSE2 on x86-64, NEON on ARM, scalar
// elsewhere). Lane-wise IEEE arithmetic, so every build computes the same values.
using v4f = float __attribute__((vector_size(16)));
using v4i = std::int32_t __attribute__((vector_size(16)));
BITSKY_PIXEL_INLINE float hsum(v4f v) { return (v[0] + v[1]) + (v[2] + v[3]); }
BITSKY_PIXEL_INLINE v4f vabs(v4f v) {
    return reinterpret_cast<v4f>(reinterpret_cast<v4i>(v) & v4i{0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff});
}
inline v4f v4_load(const float* p) {
    v4f v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

// About 1/y^4 for y >= 0.25, in a few integer operations instead of a division (the
// blend's weights are on the critical path from one pixel to the next): the float's bit
// pattern read as an integer is a piecewise-linear log2 (Mitchell), so 2^(-4 log2 y) is
// that pattern scaled by -4 around the exponent bias. Within a factor 2^0.35 of 1/y^4,
// exact integer arithmetic (every build gets the same bits); weights that would fall
// below the smallest normal float are 0 (no denormals).
BITSKY_PIXEL_INLINE v4f inverse_fourth_power(v4f y) {
    constexpr std::int32_t kOne = 127 << 23;  // the bit pattern of 1.0f
    const v4i b = reinterpret_cast<v4i>(y);
    v4i w = kOne - 4 * (b - kOne);  // y < 2^43 here: no overflow
    w &= w >= (1 << 23);
    return reinterpret_cast<v4f>(w);
}

// Lanes of a Cdf: kTokens + 1 cumulative values rounded up to whole vectors (the lanes
// past kTokens hold the total, like lane kTokens).
constexpr int kCdfLanes = (kTokens + 1 + 3) / 4 * 4;
struct Cdf {
    alignas(16) std::array<std::int32_t, kCdfLanes> c;
    std::int32_t n = 0;
    BITSKY_PIXEL_INLINE std::uint32_t at(int i) const { return static_cast<std::uint32_t>((c[static_cast<std::size_t>(i)] >> 16) + i); }
    // Moves the distribution towards symbol s by 2^-shift (count-based: fast while new):
    // c[i] moves towards the total for i > s and towards 0 for i <= s; lane 0 (0) and the
    // lanes from kTokens on (the total) are fixed points of the same update.
    BITSKY_PIXEL_INLINE void update(int s) {
        const int shift = kCdfShift[static_cast<std::size_t>(n)];
        n += n < 4095;
        // Plain loops over whole vectors: the compiler vectorises them (4 or 8 lanes).
        for (int i = 0; i < kCdfLanes; ++i) {
            const std::int32_t target = i > s ? kCdfTotal : 0;
            c[static_cast<std::size_t>(i)] += (target - c[static_cast<std::size_t>(i)]) >> shift;
        }
    }
    // The symbol whose interval holds q (decoder): the number of at(i) <= q, i = 1..kTokens-1.
    BITSKY_PIXEL_INLINE int find(std::uint32_t q) const {
        int count = 0;
        for (int i = 0; i < kCdfLanes; ++i)
            count += (i >= 1) & (i < kTokens) & ((c[static_cast<std::size_t>(i)] >> 16) + i <= static_cast<std::int32_t>(q));
        return count;
    }
};

// Residual scale: the low bits of the interleaved residual that are coded raw (1 bit
// each) per activity class, so that the direct tokens cover the residual's body.
constexpr int kShiftClass0 = 6;
inline constexpr std::array<std::uint8_t, kActivityClasses> kRawBits = [] {
    std::array<std::uint8_t, kActivityClasses> t{};
    for (int c = 0; c < kActivityClasses; ++c) t[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(std::min(c > kShiftClass0 ? (c - kShiftClass0) / 2 : 0, 12));
    return t;
}();

// Tokens of a scaled value v (as JPEG-XL's hybrid integers): 0..15 are v itself; then
// four per octave (exponent e = 4..7 and the two bits below the leading one; the e-2
// lower bits are coded raw); kEscape for v >= 256 (then v - 256 follows, Elias-gamma).
constexpr int kDirect = 16, kEscape = 32, kEscapeFrom = 256;
// a if c else b, without a branch (the compiler turns some ternaries on data into
// branches that are mispredicted half the time).
BITSKY_PIXEL_INLINE int select(bool c, int a, int b) { return b ^ ((a ^ b) & -static_cast<int>(c)); }

BITSKY_PIXEL_INLINE int token_of(unsigned v) {
    // Branch-free (the token is data, a branch on it would be mispredicted half the time).
    const unsigned vo = std::max(v, static_cast<unsigned>(kDirect));
    const int e = static_cast<int>(std::bit_width(vo)) - 1;  // 4..16
    const int octave = kDirect + 4 * (e - 4) + static_cast<int>((vo >> (e - 2)) & 3u);
    const int t = select(v < kDirect, static_cast<int>(v), octave);
    return select(v >= static_cast<unsigned>(kEscapeFrom), kEscape, t);
}

struct UintProbs {
    std::array<Prob, 17> expo;
    std::array<std::array<Prob, 16>, 17> mant;
};

// The starting distribution of every token context of an activity class: a two-sided
// geometric residual of the class's typical mean |residual|, so that a context codes
// well before it has adapted (small frames, rare classes).
const std::array<Cdf, kActivityClasses>& prior_cdfs();
// The same table computed (about 10 ms): prior_cdfs() holds it tabulated; tests compare.
std::array<Cdf, kActivityClasses> compute_prior_cdfs();

struct Contexts {
    std::vector<Cdf> tokens = [] {
        std::vector<Cdf> t(prior_cdfs().begin(), prior_cdfs().end());
        return t;
    }();
    // An activity class's escape code, made on its first escape (rare: a frame's setup
    // no longer initialises 48 of them, 111 KB).
    std::array<std::unique_ptr<UintProbs>, kActivityClasses> escapes;
    UintProbs& escape(int cls) {
        auto& e = escapes[static_cast<std::size_t>(cls)];
        if (!e) e = std::make_unique<UintProbs>();
        return *e;
    }
    // A token's distribution is updated one token late (just after the next token was
    // coded): the next token then never reads a distribution that was written a moment
    // before, which would put a store-to-load stall on the coder's path. (If both tokens
    // share a context, the second is coded before it has learnt from the first; no
    // measurable difference in bits.)
    Cdf* pending = nullptr;
    int pending_symbol = 0;
    BITSKY_PIXEL_INLINE void adapt(Cdf& d, int s) {
        if (pending) pending->update(pending_symbol);
        pending = &d;
        pending_symbol = s;
    }
    // The copy flags' contexts, made when the frame's header says it has them.
    std::vector<Prob> copy_w, copy_n, copy_ne, copy_nw, copy_plane;
    void use_copies() {
        for (auto* v : {&copy_w, &copy_n, &copy_ne, &copy_nw, &copy_plane}) v->assign(kCopyContexts, Prob{});
    }
};

// Codes an unsigned v in [0, 65535] as Elias-gamma of v+1 with adaptive bits: the
// exponent in unary under expo[0..16], the mantissa under mant[exponent][bit].
template <class Coder>
inline unsigned code_uint(Coder& c, UintProbs& p, unsigned v) {
    const unsigned x = v + 1;  // 1..65536
    const int e_true = std::bit_width(x) - 1;
    int e = 0;
    while (e < 16 && c.bit(p.expo[static_cast<std::size_t>(e)], e < e_true)) ++e;
    unsigned m = 0;
    for (int j = e - 1; j >= 0; --j)
        m = (m << 1) | static_cast<unsigned>(c.bit(p.mant[static_cast<std::size_t>(e)][static_cast<std::size_t>(j)],
                                                   (x >> j) & 1));
    return ((1u << e) | m) - 1;
}

// Codes one folded residual r in [-32768, 32767]; returns it (decoded when decoding).
// The residual is turned towards the prediction's rounding (flip: the true value lies
// more often on the side of the fraction), interleaved (0, +1, -1, +2, ...), its low
// raw_bits bits are coded raw and the rest is one token of a 32-symbol adaptive
// distribution of its context (the last token escapes to an Elias-gamma code).
template <class Coder>
BITSKY_PIXEL_INLINE int code_residual(Coder& c, Contexts& ctx, int cls, bool flip, int r) {
    const int k = kRawBits[static_cast<std::size_t>(cls)];
    const int s = flip ? -r : r;
    const unsigned mag = static_cast<unsigned>(s < 0 ? -s : s);
    const unsigned u = 2u * mag - static_cast<unsigned>(s > 0);  // 0..65536
    const unsigned v = u >> k;
    Cdf& dist = ctx.tokens[static_cast<std::size_t>(cls)];
    const int t = c.token(dist, token_of(v));
    ctx.adapt(dist, t);
    unsigned ud;
    if (t != kEscape) [[likely]] {
        // A direct token is v itself (k raw bits below it); an octave token gives the
        // leading three bits of v at exponent e = 4 + o/4 (e - 2 + k raw bits below them).
        // Branch-free: which kind it is, is data.
        const int o = t - kDirect;
        const bool direct = o < 0;
        const int n = select(direct, k, 2 + (o >> 2) + k);
        const auto hi = static_cast<unsigned>(select(direct, t, 4 | (o & 3)));
        ud = (hi << n) | c.raw(n, u & ((1u << n) - 1u));
    } else {
        const unsigned vd = kEscapeFrom + code_uint(c, ctx.escape(cls), v - kEscapeFrom);
        ud = (vd << k) | c.raw(k, u & ((1u << k) - 1u));
    }
    ud = std::min(ud, 65536u);  // only a corrupt stream exceeds it
    const int half = static_cast<int>((ud + 1u) >> 1);
    const int sd = (ud & 1u) ? half : -half;
    return flip ? -sd : sd;
}

BITSKY_PIXEL_INLINE int fold(int r) { return ((r + 32768) & 0xFFFF) - 32768; }

// 2 classes per octave of (1 + mean |residual|); tabulated in steps of 1/8 ADU.
const std::uint8_t* activity_table();
constexpr int kActivityTableSize = 8 * 1024;
// `table`: activity_table() (a pixel loop holds it, rather than asking for it each time).
BITSKY_PIXEL_INLINE int activity_class(float mean_abs, const std::uint8_t* table = activity_table()) {
    int i = static_cast<int>(mean_abs * 8.0f);
    if (i < kActivityTableSize) return table[i];
    int c = static_cast<int>(2.0f * std::log2(1.0f + mean_abs));
    return std::min(c, kActivityClasses - 1);
}

// What the header says about a frame.
struct FrameOptions {
    bool palette = false;
    bool copy = false;
    std::vector<std::uint16_t> values;  // palette: the used values, ascending
};

// The encoder's (and the map's) choice for a frame: deterministic in the pixels. When the
// candidates were costed on the whole frame and `preds` is given, it receives the chosen
// options' predictions (run's kPredictPhase), so that the encoder codes the frame with
// kCodePhase without predicting it again; otherwise it is left empty.
FrameOptions choose_options(const std::uint16_t* px, std::size_t width, std::size_t height, bool allow_palette = true,
                            std::vector<int>* preds = nullptr);

// Codes a palette's values (ascending, at least one): their count, the first, then the
// gaps between them, Elias-gamma with adaptive bits by the previous gap's size class.
// Decoding fills `values`.
template <class Coder>
void code_values(Coder& c, std::vector<std::uint16_t>& values) {
    UintProbs count, first;
    std::array<UintProbs, 4> gaps;  // by the previous gap's size class
    // code_uint can return up to 2^17 - 2: a corrupt count saturates at the 65536 values a
    // palette holds (the decoder's value tables have 65536 entries; the checksum fails).
    const unsigned n = std::min(
        code_uint(c, count, values.empty() ? 0u : static_cast<unsigned>(values.size() - 1)) + 1, 65536u);
    if (Coder::decoding) values.assign(n, 0);
    unsigned v = code_uint(c, first, values[0]);
    values[0] = static_cast<std::uint16_t>(v);
    std::size_t gclass = 0;
    for (std::size_t i = 1; i < n; ++i) {
        unsigned gap_true = Coder::decoding ? 0u : static_cast<unsigned>(values[i] - values[i - 1] - 1);
        unsigned gap = code_uint(c, gaps[gclass], gap_true);
        v = std::min(v + gap + 1, 65535u);  // a corrupt stream saturates; the checksum catches it
        values[i] = static_cast<std::uint16_t>(v);
        gclass = std::min<std::size_t>(static_cast<std::size_t>(std::bit_width(gap)), 3);
    }
}

// Codes the header: the two flags and, with a palette, its values.
template <class Coder>
void code_header(Coder& c, FrameOptions& o) {
    if constexpr (requires { Coder::kSkipsHeader; }) {
        if constexpr (Coder::kSkipsHeader) return;  // the options' trial counts each header once
    }
    Prob flag_palette, flag_copy;
    o.palette = c.bit(flag_palette, o.palette) != 0;
    o.copy = c.bit(flag_copy, o.copy) != 0;
    if (!o.palette) return;
    code_values(c, o.values);
}

// kExpertPhase (expert_online below): the model's whole distribution of pixel i's symbol (its
// value, or its rank in the palette), given to the tap before the symbol is asked for. The
// symbol is W's (resp. N's, NE's, NW's, the plane W + N - NW's) with probability copy_p1[0]
// (resp. the next copy_p1 after every earlier "no"), for the copy_value[0 .. ncopy) asked in
// that order; otherwise residual = symbol - Pi (symbol in 0..65535), turned to
// s = flip ? -residual : residual and interleaved as u = 2|s| - (s > 0), has its
// k = raw_bits low bits uniform and u >> k distributed as the token distribution `tokens`
// (16 direct values, then 4 tokens per octave, token_of; the escape for u >> k >= 256).
struct PixelView {
    float P = 0;  // the blend before rounding (row 0: W; the first pixel: 32768)
    int Pi = 0;   // the prediction the residual is taken from
    bool flip = false;
    int raw_bits = 0;
    const Cdf* tokens = nullptr;  // at(t) / 32768: the mass of the tokens below t
    int ncopy = 0;
    int copy_value[5] = {};
    int copy_p1[5] = {};  // P(copy) in 1/65536, as coded
};

// Runs the model over a width x height frame. When encoding or mapping, `in` holds the
// frame; when decoding (Coder::decoding), `out` receives it. If `cost` is not null,
// cost[i] receives the bits of pixel i (Coder::take_bits() after the pixel, plus an
// equal share of the header's bits).
//
// Phases (2D encoder and map only): the predictions of an encoder depend on the pixels
// alone, not on what is coded, so they can be made once and coded under several options.
// kPredictPhase runs the predictors only and writes each pixel's rounded prediction and
// rounding side (Pi << 1 | flip) to preds[i] (rows 1..height-1; the coder sees the
// header only); kCodePhase codes the pixels from those predictions (the same decisions,
// in the same order, as kAllPhases) without running the predictors. The palette flag of
// both runs must be the same (the copy flag may differ).
//
// Inter-frame variant (k3d = true, codec `bitsky:3d`): `prev` is the previous frame of
// a cube (same shape, already decoded). The blend gets two more predictors
// P3d = prev[x,y] + (mean of the 12 (resp. 80) causal neighbours - the same mean on prev),
// i.e. the co-located pixel plus the local frame-to-frame change, and the NLMS predictor two more
// inputs (prev[x,y] - W and that local change). No palette in this mode (prev is in value
// space). Row 0 is predicted by prev[x] + (W - prev[x-1]). The 2D instantiation (k3d = false) is unchanged, bit for bit.
//
// kExpertPhase (2D, the palette and copies as `given` says, header skipped; expert_online
// below): as the decoder, pixel by pixel, but each symbol comes from `coder.expert(i, view)`,
// which receives the pixel's whole distribution (PixelView, with its prediction before
// rounding: a float in [0, 65535]; row 0 predicts W, the first pixel 32768 or the palette's
// middle) first, so a caller can decode pixel i knowing it; the model then learns the value
// as the coder would have coded it. The predictions are those of kAllPhases.
constexpr int kAllPhases = 0, kPredictPhase = 1, kCodePhase = 2, kExpertPhase = 3;
template <class Coder, bool k3d = false, int kPhase = kAllPhases>
BITSKY_PIXEL_INLINE void run(Coder& coder, const std::uint16_t* in, std::uint16_t* out, std::size_t width, std::size_t height,
         float* cost = nullptr, const std::uint16_t* prev = nullptr, const FrameOptions* given = nullptr,
         int* preds = nullptr) {
    static_assert(kPhase == kAllPhases || (!k3d && !Coder::decoding));
    constexpr bool kExpert = kPhase == kExpertPhase;
    constexpr bool kPredict = kPhase != kCodePhase, kCode = kPhase != kPredictPhase;
    if (width == 0 || height == 0) return;
    // The predictors' errors, weights and predictions are 4-lane vectors: group 0 holds
    // the four 2D predictors; 3D adds group 1 (its two inter-frame predictors in lanes 0
    // and 1, lanes 2 and 3 unused).
    constexpr std::size_t NG = k3d ? 2 : 1;
    FrameOptions opt;
    if (!Coder::decoding) opt = given ? *given : choose_options(in, width, height, !k3d);
    if constexpr (k3d) {
        opt.palette = false;
        opt.values.clear();
    }
    if constexpr (kCode) code_header(coder, opt);  // (the predictions do not depend on it)
    // Value <-> model symbol: identity, or rank among the palette's values (sym_of[v - lo]
    // is -1 for a value not in the palette; lo, its lowest value).
    std::vector<std::uint16_t> to_val;
    std::vector<int> sym_of;
    if (opt.palette) {
        // The encoder and the map index to_val with symbols of the frame only; the decoder
        // with any symbol a corrupt stream may give. sym_of covers the values from the
        // lowest to the highest in the palette (the others are not in it).
        to_val.assign(Coder::decoding ? 65536 : opt.values.size(), 0);
        std::copy(opt.values.begin(), opt.values.end(), to_val.begin());
        sym_of.assign(static_cast<std::size_t>(opt.values.back() - opt.values.front()) + 1, -1);
        for (std::size_t i = 0; i < opt.values.size(); ++i)
            sym_of[opt.values[i] - opt.values.front()] = static_cast<int>(i);
    }
    const bool palette = opt.palette, copy = opt.copy;
    const int palette_lo = palette ? opt.values.front() : 0;
    const int palette_max = palette ? opt.values.back() : 65535;
    auto truth_at = [&](std::size_t i) -> int {
        if (Coder::decoding) return 0;
        return palette ? sym_of[static_cast<std::size_t>(in[i] - palette_lo)] : in[i];
    };
    auto store = [&](std::size_t i, int v) {
        if (Coder::decoding) out[i] = palette ? to_val[static_cast<std::size_t>(v)] : static_cast<std::uint16_t>(v);
    };

    const std::size_t W = width, S = width + 2 * kPadX;
    const std::uint8_t* const act_table = activity_table();
    Contexts ctx;
    if (copy) ctx.use_copies();
    // Padded image rows -kPadY..height-1 (columns -kPadX..width+kPadX-1), of which only
    // the last kPadY+1 are ever needed: a ring of 8 rows.
    std::vector<int> img(S * 8, 0);
    auto at = [&](std::size_t x_pad, std::size_t y_pad) -> int& { return img[(y_pad & 7) * S + x_pad]; };
    // Per-predictor absolute errors (NG vectors per pixel) and final |residual| for the
    // last 3 rows (ring).
    std::vector<v4f> perr(3 * S * NG, v4f{0, 0, 0, 0});
    std::vector<float> rerr(3 * S, 0.0f);
    // Column sums of the 4 rows above (for the 80-neighbour mean).
    std::vector<int> colsum(S, 0);
    // Per row: the part of the blend's error sums (per predictor) and of the activity
    // that comes from the rows above (N, NW, NE, NN).
    std::vector<v4f> nerr(S * NG, v4f{0, 0, 0, 0});
    std::vector<float> nact(S, 0.0f);
    // NLMS weights: 12 lanes as three vectors (9 neighbour differences, a constant, 2 lanes
    // for the inter-frame inputs of bitsky:3d).
    std::array<v4f, 3> lms{};
    // Delayed NLMS: a pixel's weight update is applied after the next pixel's prediction,
    // so each prediction uses the weights updated up to two pixels back (the recurrence
    // spans two pixels, which the CPU can overlap; no measurable difference in bits).
    std::array<v4f, 3> lms_pending{};
    // Encoder and map: a row's rounded predictions and rounding sides (Pi << 1 | flip).
    std::vector<int> row_pred(Coder::decoding ? 0 : W);
    // The previous frame, edge-padded like the current one (clamped coordinates).
    std::vector<int> prevpad, pcolsum;
    if constexpr (k3d) {
        lms[2][2] = 1.0f;  // start from prev[x,y] + local change (W cancels)
        lms[2][3] = 1.0f;
        pcolsum.assign(S, 0);
        prevpad.assign(S * (height + kPadY), 0);
        for (std::size_t yp = 0; yp < height + kPadY; ++yp) {
            const std::size_t sy = yp < kPadY ? 0 : yp - kPadY;
            for (std::size_t xp = 0; xp < S; ++xp) {
                const std::size_t sx = xp < kPadX ? 0 : std::min(xp - kPadX, W - 1);
                prevpad[yp * S + xp] = prev[sy * W + sx];
            }
        }
    }
    const double header_bits = coder.take_bits();
    const float share = static_cast<float>(header_bits / static_cast<double>(W * height));

    // A coder that checksums the frame (the codec's range coders: hash(), set_hash() and
    // a static hash_step) has each pixel's value added here, in raster order: the
    // checksum's serial chain then runs beside the model's instead of in a pass of its
    // own (held in a local, which stays in a register, until the end).
    constexpr bool kHash = requires { Coder::hash_step(std::uint32_t{}, std::uint16_t{}); };
    std::uint32_t pixel_hash = 0;
    if constexpr (kHash) pixel_hash = coder.hash();
    auto emit = [&](std::size_t i) {
        if constexpr (kHash) pixel_hash = Coder::hash_step(pixel_hash, Coder::decoding ? out[i] : in[i]);
        const float bits = coder.take_bits();
        if (cost) cost[i] = bits + share;
    };

    // Row 0: predict from the left neighbour only (the first pixel from mid-range, or
    // from the palette's middle).
    {
        int prev_px = palette ? static_cast<int>(opt.values.size() / 2) : 32768;
        float a1 = 0, a2 = 0;
        for (std::size_t x = 0; x < W; ++x) {
            [[maybe_unused]] int cls = activity_class(0.5f * (a1 + a2), act_table);
            // 3D: the previous frame's pixel plus the change at the left neighbour.
            int p0 = prev_px;
            if constexpr (k3d) p0 = x == 0 ? prev[0] : prev[x] + prev_px - prev[x - 1];
            int truth;
            if constexpr (kExpert) {
                PixelView view;
                view.P = static_cast<float>(p0);
                view.Pi = p0;
                view.raw_bits = kRawBits[static_cast<std::size_t>(cls)];
                view.tokens = &ctx.tokens[static_cast<std::size_t>(cls)];
                truth = coder.expert(x, view);
            } else {
                truth = truth_at(x);
            }
            int r = fold(truth - p0);  // what code_residual returns when encoding
            if constexpr (kCode) r = code_residual(coder, ctx, cls, false, r);
            int v = (p0 + r) & 0xFFFF;
            store(x, v);
            emit(x);
            a2 = a1;
            a1 = static_cast<float>(std::abs(r));
            at(x + kPadX, kPadY) = v;
            rerr[0 * S + x + kPadX] = a1;
            for (std::size_t g = 0; g < NG; ++g) perr[(0 * S + x + kPadX) * NG + g] = v4f{a1, a1, a1, a1};
            prev_px = v;
        }
        // Rows above the image repeat row 0; side pads repeat the edge pixels.
        for (std::size_t x = 0; x < kPadX; ++x) {
            at(x, kPadY) = at(kPadX, kPadY);
            at(S - 1 - x, kPadY) = at(S - 1 - kPadX, kPadY);
        }
        for (std::size_t yp = 0; yp < kPadY; ++yp)
            for (std::size_t x = 0; x < S; ++x) at(x, yp) = at(x, kPadY);
    }

    for (std::size_t y = 1; y < height; ++y) {
        const std::size_t yp = y + kPadY;
        // Column sums of rows y-4..y-1 (padded rows repeat row 0).
        if constexpr (kPredict)
            for (std::size_t x = 0; x < S; ++x)
                colsum[x] = at(x, yp - 1) + at(x, yp - 2) + at(x, yp - 3) + at(x, yp - 4);
        // Left pads of this row: the pixel above the first column (known).
        for (std::size_t x = 0; x < kPadX; ++x) at(x, yp) = at(kPadX, yp - 1);
        const std::size_t r0 = (y % 3) * S, r1 = ((y + 2) % 3) * S, r2 = ((y + 1) % 3) * S;  // rows y, y-1, y-2
        v4f* const e0 = &perr[r0 * NG];  // this row's errors, e0[xp * NG + g]
        const v4f* const e1 = &perr[r1 * NG];
        const v4f* const e2 = &perr[r2 * NG];
        for (std::size_t x = 0; x < kPadX; ++x) {
            rerr[r0 + x] = rerr[r1 + kPadX];
            for (std::size_t g = 0; g < NG; ++g) e0[x * NG + g] = e1[kPadX * NG + g];
        }
        // The row-above part of every error sum of this row (W and WW are added per pixel).
        for (std::size_t xp = kPadX; xp < kPadX + W; ++xp) {
            if constexpr (kPredict)
                for (std::size_t g = 0; g < NG; ++g)
                    nerr[xp * NG + g] = 2.0f * e1[xp * NG + g] + e1[(xp - 1) * NG + g] + e1[(xp + 1) * NG + g] +
                                        e2[xp * NG + g];
            if constexpr (kCode) nact[xp] = 2.0f * rerr[r1 + xp] + rerr[r1 + xp - 1] + rerr[r1 + xp + 1] + rerr[r2 + xp];
        }
        // Sliding window of 2 kWin + 1 column sums centred on x.
        int window = 0;
        for (std::size_t k = kPadX - kWin; k <= kPadX + kWin; ++k) window += colsum[k];
        // The same 80-neighbour window on the previous frame (3D only).
        int pwindow = 0, pleft4 = 0;
        if constexpr (k3d) {
            const int* r = &prevpad[yp * S];
            const int *u1 = &prevpad[(yp - 1) * S], *u2 = &prevpad[(yp - 2) * S], *u3 = &prevpad[(yp - 3) * S],
                      *u4 = &prevpad[(yp - 4) * S];
            for (std::size_t x = 0; x < S; ++x) pcolsum[x] = u1[x] + u2[x] + u3[x] + u4[x];
            for (std::size_t k = kPadX - kWin; k <= kPadX + kWin; ++k) pwindow += pcolsum[k];
            pleft4 = r[kPadX - 1] + r[kPadX - 2] + r[kPadX - 3] + r[kPadX - 4];
        }
        int left4 = at(kPadX - 1, yp) + at(kPadX - 2, yp) + at(kPadX - 3, yp) + at(kPadX - 4, yp);
        // The errors and |residual| of W and WW, carried in registers along the row (the
        // next pixel needs them at once; a round trip through memory would lengthen the
        // chain from one pixel to the next).
        std::array<v4f, NG> ew1, ew2;
        for (std::size_t g = 0; g < NG; ++g) {
            ew1[g] = e0[(kPadX - 1) * NG + g];
            ew2[g] = e0[(kPadX - 2) * NG + g];
        }
        float rw1 = rerr[r0 + kPadX - 1], rw2 = rerr[r0 + kPadX - 2];
        // W and WW too (the decoder's next prediction starts from the value just decoded).
        int w1 = at(kPadX - 1, yp), w2 = at(kPadX - 2, yp);
        const int* const row0 = &img[(yp & 7) * S];
        const int* const row1 = &img[((yp - 1) & 7) * S];
        const int* const row2 = &img[((yp - 2) & 7) * S];

        // What a pixel's prediction leaves for its coding and its update.
        struct Predicted {
            std::array<v4f, NG> pred;
            std::array<v4f, 3> lin;
            float pred3, lrate;
            float P;  // the blend, clamped to [0, 65535], before rounding
            int Pi;
            bool flip;
        };
        auto predict = [&](std::size_t x) BITSKY_LAMBDA_INLINE -> Predicted {
            const std::size_t xp = x + kPadX;
            const int Wv = w1, WW = w2;
            const int N = row1[xp], NW = row1[xp - 1], NE = row1[xp + 1];
            const int NN = row2[xp], NWW = row1[xp - 2], NEE = row1[xp + 2];
            const int NNW = row2[xp - 1], NNE = row2[xp + 1], NNWW = row2[xp - 2], NNEE = row2[xp + 2];

            const float pred0 =
                static_cast<float>(Wv + WW + N + NW + NE + NN + NWW + NEE + NNW + NNE + NNWW + NNEE) * (1.0f / 12.0f);
            const float pred1 = static_cast<float>(window + left4) * (1.0f / (8 * kWin + 8));
            const float pred2 = static_cast<float>(N + NE - NNE);
            float lin10 = 0.0f, lin11 = 0.0f;
            v4f pred3d = {0, 0, 0, 0};
            if constexpr (k3d) {
                const int* q1 = &prevpad[yp * S + xp];
                const int* q2 = q1 - S;
                const int* q3 = q2 - S;
                const int m12 = q1[-1] + q1[-2] + q2[0] + q2[-1] + q2[1] + q3[0] + q2[-2] + q2[2] + q3[-1] + q3[1] +
                                q3[-2] + q3[2];
                const float change = pred0 - static_cast<float>(m12) * (1.0f / 12.0f);
                pred3d[0] = static_cast<float>(q1[0]) + change;
                pred3d[1] = static_cast<float>(q1[0]) + pred1 - static_cast<float>(pwindow + pleft4) * (1.0f / (8 * kWin + 8));
                lin10 = static_cast<float>(q1[0] - Wv);
                lin11 = change;
            }
            Predicted p;
            // Normalised LMS over the neighbours' differences to W, lanes
            // (N, NW, NE, WW), (NN, NWW, NEE, NNW), (NNE, 1, 3D, 3D).
            const v4i wv = {Wv, Wv, Wv, Wv};
            p.lin = {__builtin_convertvector(v4i{N, NW, NE, WW} - wv, v4f),
                     __builtin_convertvector(v4i{NN, NWW, NEE, NNW} - wv, v4f),
                     v4f{static_cast<float>(NNE - Wv), 1.0f, lin10, lin11}};
            // Dot products as 4-lane partial sums in a fixed order (the same in encoder
            // and decoder).
            const float lp = hsum((lms[0] * p.lin[0] + lms[1] * p.lin[1]) + lms[2] * p.lin[2]);
            for (std::size_t k = 0; k < 3; ++k) lms[k] += lms_pending[k];
            const float lnorm = 1.0f + hsum((p.lin[0] * p.lin[0] + p.lin[1] * p.lin[1]) + p.lin[2] * p.lin[2]);
            p.lrate = 0.01f / lnorm;
            p.pred3 = std::clamp(static_cast<float>(Wv) + lp, -65536.0f, 131072.0f);
            p.pred[0] = v4f{pred0, pred1, pred2, p.pred3};
            if constexpr (k3d) p.pred[1] = pred3d;

            // Blend by recent errors at W, N, NW, NE, WW, NN (weights 2, 2, 1, 1, 1, 1):
            // 1/err^8, a sharp selection, stable because err is smoothed.
            std::array<v4f, NG> wt;
            for (std::size_t g = 0; g < NG; ++g) {
                const v4f e = nerr[xp * NG + g] + 2.0f * ew1[g] + ew2[g];
                wt[g] = inverse_fourth_power(e * e + 0.25f);
            }
            // Sums in a fixed order (the decoder must reproduce them exactly).
            float wsum = hsum(wt[0]);
            float psum = hsum(wt[0] * p.pred[0]);
            if constexpr (k3d) {
                wsum += wt[1][0];
                psum += wt[1][0] * p.pred[1][0];
                wsum += wt[1][1];
                psum += wt[1][1] * p.pred[1][1];
            }
            // All weights underflow only on absurd data (e.g. alternating 0/65535): use MED.
            float P0;
            if (wsum > 0.0f) {
                P0 = psum / wsum;
            } else {
                const int mn = std::min(Wv, N), mx = std::max(Wv, N);
                P0 = static_cast<float>(NW >= mx ? mn : NW <= mn ? mx : Wv + N - NW);
            }
            const float P = std::min(std::max(P0, 0.0f), 65535.0f);
            p.P = P;
            // Round half up (P >= 0; P + 0.5 is exact for P < 2^16).
            p.Pi = static_cast<int>(P + 0.5f);
            p.flip = P - static_cast<float>(p.Pi) < 0.0f;  // the fraction is in [-0.5, 0.5)
            return p;
        };
        // The model's state after a pixel: its value in the padded image, the predictors'
        // smoothed errors, the NLMS weights' pending update, the 80-neighbour window.
        auto update = [&](std::size_t x, const Predicted& p, int value) BITSKY_LAMBDA_INLINE {
            const std::size_t xp = x + kPadX;
            at(xp, yp) = value;
            w2 = w1;
            w1 = value;
            const float fv = static_cast<float>(value);
            for (std::size_t g = 0; g < NG; ++g) {
                ew2[g] = ew1[g];
                ew1[g] = vabs(fv - p.pred[g]) + 0.3f * (ew2[g] + e1[xp * NG + g]);
                e0[xp * NG + g] = ew1[g];
            }
            const float gain = (fv - p.pred3) * p.lrate;
            for (std::size_t k = 0; k < 3; ++k) lms_pending[k] = gain * p.lin[k];
            // Slide the 80-neighbour window one column right.
            if (x + 1 < W) {
                window += colsum[xp + kWin + 1] - colsum[xp - kWin];
                left4 += value - row0[xp - 4];
                if constexpr (k3d) {
                    pwindow += pcolsum[xp + kWin + 1] - pcolsum[xp - kWin];
                    pleft4 += prevpad[yp * S + xp] - prevpad[yp * S + xp - 4];
                }
            }
        };
        // The copy flags' context of pixel x: the neighbourhood's equality pattern and the
        // pixel's position in its 2x2 block.
        auto copy_context = [&](std::size_t x) BITSKY_LAMBDA_INLINE -> std::size_t {
            const std::size_t xp = x + kPadX;
            const int Wv = row0[xp - 1], WW = row0[xp - 2];
            const int N = row1[xp], NW = row1[xp - 1], NE = row1[xp + 1];
            const int NN = row2[xp];
            const int eq = (Wv == WW) | (N == NN) << 1 | (Wv == NW) << 2 | (N == NW) << 3 | (N == NE) << 4 |
                           (Wv == N) << 5;
            return static_cast<std::size_t>(((x & 1) | (y & 1) << 1) * 64 + eq);
        };
        // kExpertPhase: pixel x's distribution (PixelView), the copies asked as code() asks them.
        [[maybe_unused]] auto view_of = [&](std::size_t x, int Pi, bool flip, float P, int cls) -> PixelView {
            PixelView view;
            view.P = P;
            view.Pi = Pi;
            view.flip = flip;
            view.raw_bits = kRawBits[static_cast<std::size_t>(cls)];
            view.tokens = &ctx.tokens[static_cast<std::size_t>(cls)];
            if (!copy) return view;
            const std::size_t xp = x + kPadX, cctx = copy_context(x);
            const int Wv = row0[xp - 1], N = row1[xp], NW = row1[xp - 1], NE = row1[xp + 1];
            int PL = Wv + N - NW;
            if (palette) {
                const int pv = to_val[static_cast<std::size_t>(Wv)] + to_val[static_cast<std::size_t>(N)] -
                               to_val[static_cast<std::size_t>(NW)];
                PL = pv >= palette_lo && pv <= palette_max ? sym_of[static_cast<std::size_t>(pv - palette_lo)] : -1;
            }
            auto ask = [&](int value, const std::vector<Prob>& flags) {
                view.copy_value[view.ncopy] = value;
                view.copy_p1[view.ncopy++] = 65536 - flags[cctx].p0();
            };
            ask(Wv, ctx.copy_w);
            if (Wv != N) ask(N, ctx.copy_n);
            if (NE != Wv && NE != N) ask(NE, ctx.copy_ne);
            if (NW != Wv && NW != N && NW != NE) ask(NW, ctx.copy_nw);
            if (PL != Wv && PL != N && PL != NE && PL != NW && PL >= 0 && PL <= 65535) ask(PL, ctx.copy_plane);
            return view;
        };
        // Codes (or decodes) a pixel given its rounded prediction (P: before rounding, for
        // kExpertPhase's view); returns its value.
        auto code = [&](std::size_t x, int Pi, bool flip, float P = 0.0f) BITSKY_LAMBDA_INLINE -> int {
            const std::size_t xp = x + kPadX;
            const std::size_t i = y * W + x;
            const float act = (nact[xp] + 2.0f * rw1 + rw2) * (1.0f / 8.0f);
            const int cls = activity_class(act, act_table);
            int truth;
            if constexpr (kExpert) truth = coder.expert(i, view_of(x, Pi, flip, P, cls)) & 0xFFFF;
            else truth = truth_at(i);
            int v = 0;
            bool copied = false;
            if (copy) {
                const int Wv = row0[xp - 1];
                const int N = row1[xp], NW = row1[xp - 1], NE = row1[xp + 1];
                const std::size_t cctx = copy_context(x);
                if (coder.bit(ctx.copy_w[cctx], truth == Wv)) {
                    v = Wv;
                    copied = true;
                } else if (Wv != N && coder.bit(ctx.copy_n[cctx], truth == N)) {
                    v = N;
                    copied = true;
                } else if (NE != Wv && NE != N && coder.bit(ctx.copy_ne[cctx], truth == NE)) {
                    v = NE;
                    copied = true;
                } else if (NW != Wv && NW != N && NW != NE && coder.bit(ctx.copy_nw[cctx], truth == NW)) {
                    v = NW;
                    copied = true;
                } else {
                    // The plane W + N - NW, in value space (the symbol of that value, if
                    // the palette has it).
                    int PL = Wv + N - NW;
                    if (palette) {
                        const int pv = to_val[static_cast<std::size_t>(Wv)] + to_val[static_cast<std::size_t>(N)] -
                                       to_val[static_cast<std::size_t>(NW)];
                        PL = pv >= palette_lo && pv <= palette_max ? sym_of[static_cast<std::size_t>(pv - palette_lo)] : -1;
                    }
                    if (PL != Wv && PL != N && PL != NE && PL != NW && PL >= 0 && PL <= 65535 &&
                        coder.bit(ctx.copy_plane[cctx], truth == PL)) {
                        v = PL;
                        copied = true;
                    }
                }
            }
            int r;
            if (copied) {
                r = v - Pi;
            } else {
                r = code_residual(coder, ctx, cls, flip, fold(truth - Pi));
                // The encoder and the map know the residual: taking it as is (the same
                // value) keeps the coder off the path to the next pixel's activity.
                if constexpr (!Coder::decoding) r = fold(truth - Pi);
                v = (Pi + r) & 0xFFFF;
            }
            store(i, v);
            emit(i);
            rw2 = rw1;
            rw1 = static_cast<float>(std::abs(r));
            rerr[r0 + xp] = rw1;
            return v;
        };

        if constexpr (Coder::decoding || kExpert) {
            for (std::size_t x = 0; x < W; ++x) {
                const Predicted p = predict(x);
                update(x, p, code(x, p.Pi, p.flip, p.P));
            }
        } else if constexpr (kPhase == kPredictPhase) {
            for (std::size_t x = 0; x < W; ++x) {
                const Predicted p = predict(x);
                update(x, p, truth_at(y * W + x));
                preds[y * W + x] = p.Pi << 1 | static_cast<int>(p.flip);
            }
        } else if constexpr (kPhase == kCodePhase) {
            for (std::size_t x = 0; x < W; ++x) at(x + kPadX, yp) = truth_at(y * W + x);
            for (std::size_t x = 0; x < W; ++x) code(x, preds[y * W + x] >> 1, (preds[y * W + x] & 1) != 0);
        } else {
            // The encoder and the map know every value: the row is predicted first (the
            // model's recurrences then run without the coder in between), then coded.
            for (std::size_t x = 0; x < W; ++x) {
                const Predicted p = predict(x);
                update(x, p, truth_at(y * W + x));
                row_pred[x] = p.Pi << 1 | static_cast<int>(p.flip);
            }
            for (std::size_t x = 0; x < W; ++x) code(x, row_pred[x] >> 1, (row_pred[x] & 1) != 0);
        }
        // Right pads of this row, for the next row's NE/NEE.
        for (std::size_t x = 0; x < kPadX; ++x) {
            at(S - 1 - x, yp) = at(S - 1 - kPadX, yp);
            rerr[r0 + S - 1 - x] = rerr[r0 + S - 1 - kPadX];
            for (std::size_t g = 0; g < NG; ++g) e0[(S - 1 - x) * NG + g] = e0[(S - 1 - kPadX) * NG + g];
        }
    }
    if constexpr (kHash) coder.set_hash(pixel_hash);
}

// The map's Coder: adds up -log2 of each decision's probability (raw bits cost 1 each)
// instead of coding it, so the map is the ideal code length of the range coder.
struct CostCoder {
    static constexpr bool decoding = false;
    const float* table = cost_table();
    double total = 0;  // bits of the pixels taken so far
    float pixel = 0;   // bits since the last take_bits()
    BITSKY_PIXEL_INLINE int bit(Prob& p, int b) {
        pixel += bit_cost(p, b, table);
        p.update(b);
        return b;
    }
    BITSKY_PIXEL_INLINE int token(Cdf& d, int s) {
        pixel += table[2 * (d.at(s + 1) - d.at(s))];
        return s;
    }
    BITSKY_PIXEL_INLINE unsigned raw(int nbits, unsigned v) {
        pixel += static_cast<float>(nbits);
        return v;
    }
    // The bits coded since the last call (one pixel's, or the header's).
    BITSKY_PIXEL_INLINE float take_bits() {
        const float b = pixel;
        total += b;
        pixel = 0;
        return b;
    }
};

// The options' trial: the CostCoder without the header (costed once per candidate, not in
// every band of rows).
struct TrialCoder : CostCoder {
    static constexpr bool kSkipsHeader = true;
};

// The model's whole distribution one pixel at a time (run's kExpertPhase, in
// context_model.cpp: one instantiation, without fused multiply-add like the coder's): for
// i = 0 .. w h - 1 in raster order, tap(state, i, view) receives pixel i's distribution
// under the bitsky coder's model with the options `opt` (a palette: opt.values, the frame's
// values; copy flags; PixelView, whose view.P is the model's prediction) and returns
// pixel i's symbol (its value, or its rank in opt.values), which the model then learns as the
// coder would (its contexts adapt as if it had been coded). The `neural` codec mixes this
// distribution with its network's.
using ExpertTap = int (*)(void* state, std::size_t i, const PixelView& view);
void expert_online(std::size_t width, std::size_t height, const FrameOptions& opt, ExpertTap tap, void* state);
template <class F>
void expert_online(std::size_t width, std::size_t height, const FrameOptions& opt, F& f) {
    expert_online(
        width, height, opt,
        [](void* s, std::size_t i, const PixelView& v) { return static_cast<int>((*static_cast<F*>(s))(i, v)); }, &f);
}

}  // namespace bitsky::model::ctxmodel
