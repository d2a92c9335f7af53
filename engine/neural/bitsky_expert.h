#pragma once
// The `neural` codec's sixth expert (internal to engine/neural, Torch-free): the bitsky
// coder's own model of each pixel (engine/model/context_model.h expert_online: its blend of
// predictors, its copy flags and its adaptive residual distribution in the pixel's activity
// class), as a distribution over the frame's value set. Where a hand-made model knows a
// frame better than the network (the repeated neighbours of a scanned plate), the mixture's
// weights follow it; where the network knows better, they follow the network.
//
// The model's residual u (model PixelView) is piecewise uniform: token t's mass spread evenly
// over its interleaved residuals [a_t, b_t) (its raw bits; the escape's over everything from
// 256 << k to 65536, where the coder's own Elias-gamma code is not uniform). A symbol's
// probability is its copy flags' mass plus the residual's, over the mass of the symbols that
// exist (the coder also gives some to residuals beyond them). The symbols are the frame's
// values, a rank of the value set getting the mass of its cell's values (alphabet.h), or,
// when the bitsky coder would use a palette on the frame, the ranks themselves.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "engine/model/context_model.h"

namespace bitsky::neural::detail {

class BitskyExpert {
public:
    // Pixel's distribution over the symbols 0..top (values, or ranks of a palette).
    void set(const model::ctxmodel::PixelView& v, long top) {
        namespace cm = model::ctxmodel;
        pi_ = v.Pi;
        flip_ = v.flip;
        k_ = v.raw_bits;
        double rest = 1.0;
        ncopy_ = v.ncopy;
        for (int j = 0; j < ncopy_; ++j) {
            const double p1 = double(v.copy_p1[j]) / 65536.0;
            copy_mass_[j] = rest * p1;
            copy_value_[j] = v.copy_value[j];
            rest -= copy_mass_[j];
        }
        rest_ = rest;
        pe_[0] = po_[0] = 0.0;
        for (int t = 0; t < cm::kTokens; ++t) {
            long a, b;  // interleaved residuals [a, b) of token t
            if (t < cm::kDirect) {
                a = long(t) << k_;
                b = long(t + 1) << k_;
            } else if (t < cm::kEscape) {
                const int o = t - cm::kDirect, e = 4 + o / 4;
                a = long(4 + o % 4) << (e - 2) << k_;
                b = long(5 + o % 4) << (e - 2) << k_;
            } else {
                a = long(cm::kEscapeFrom) << k_;
                b = kTop;
            }
            a = std::min(a, kTop);
            b = std::min(b, kTop);
            a_[t] = a;
            const double m = double(v.tokens->at(t + 1) - v.tokens->at(t)) / 32768.0;
            dens_[t] = b > a ? m / double(b - a) : 0.0;
            pe_[t + 1] = pe_[t] + dens_[t] * double(evens(a, b));
            po_[t + 1] = po_[t] + dens_[t] * double(odds(a, b));
        }
        total_ = cdf(top);
    }
    // The expert's probability of the symbols lo..hi (a cell of the value set, or several).
    double mass(long lo, long hi) const { return std::max(cdf(hi) - cdf(lo - 1), 0.0) / total_; }
    // The same from the (unnormalised) masses of the values up to the range's ends (upto()).
    double between(double below_lo, double upto_hi) const { return std::max(upto_hi - below_lo, 0.0) / total_; }
    // The (unnormalised) mass of the symbols 0..x (x >= -1).
    double upto(long x) const { return cdf(x); }

private:
    static constexpr long kTop = 65537;  // interleaved residuals are 0..65536
    static long evens(long a, long b) { return (b + 1) / 2 - (a + 1) / 2; }  // in [a, b), a, b >= 0
    static long odds(long a, long b) { return b / 2 - a / 2; }
    int token(long u) const { return model::ctxmodel::token_of(unsigned(u) >> k_); }
    // The residual's mass of the even (odd) interleaved residuals <= U.
    double even_upto(long U) const {
        if (U < 0) return 0.0;
        if (U >= kTop - 1) return pe_[model::ctxmodel::kTokens];
        const int t = token(U);
        return pe_[t] + dens_[t] * double(evens(a_[t], U + 1));
    }
    double odd_upto(long U) const {
        if (U < 0) return 0.0;
        if (U >= kTop - 1) return po_[model::ctxmodel::kTokens];
        const int t = token(U);
        return po_[t] + dens_[t] * double(odds(a_[t], U + 1));
    }
    // P(residual <= d): s = flip ? -residual : residual; s <= 0 interleaves to even u = -2s,
    // s > 0 to odd u = 2s - 1.
    double residual_upto(long d) const {
        const double even_all = pe_[model::ctxmodel::kTokens], odd_all = po_[model::ctxmodel::kTokens];
        if (!flip_) return d >= 0 ? even_all + odd_upto(2 * d - 1) : even_all - even_upto(-2 * d - 1);
        return d >= 0 ? odd_all + even_upto(2 * d) : odd_all - odd_upto(-2 * d - 2);
    }
    double cdf(long x) const {
        double s = rest_ * std::max(residual_upto(x - pi_) - residual_upto(-long(pi_) - 1), 0.0);
        for (int j = 0; j < ncopy_; ++j)
            if (copy_value_[j] <= x) s += copy_mass_[j];
        return s;
    }

    int pi_ = 0, k_ = 0, ncopy_ = 0;
    bool flip_ = false;
    double rest_ = 1.0, total_ = 1.0;
    double copy_mass_[5] = {};
    int copy_value_[5] = {};
    long a_[model::ctxmodel::kTokens] = {};
    double dens_[model::ctxmodel::kTokens] = {}, pe_[model::ctxmodel::kTokens + 1] = {},
           po_[model::ctxmodel::kTokens + 1] = {};
};

}  // namespace bitsky::neural::detail
