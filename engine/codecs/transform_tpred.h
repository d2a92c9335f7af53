#pragma once
// tpred: linear ramp extrapolation along the slowest axis, p = 2 f[k-s] - f[k-2s] clamped
// to [0, 65535] (s = slowest_axis_stride). The second frame along the axis is predicted by
// the first (as tdiff); the first is coded as is.
#include "engine/codecs/transform_common.h"
