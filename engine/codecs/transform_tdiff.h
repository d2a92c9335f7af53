#pragma once
// tdiff: frame k is predicted by frame k - s, s = slowest_axis_stride(axes) (the previous
// frame of a 3D ramp; the same band of the previous epoch of a 4D cube). Frames without
// a predecessor along the slowest axis are coded as is.
#include "engine/codecs/transform_common.h"
