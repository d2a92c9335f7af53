#pragma once
// `bitsky --measure-open N`: the GUI speed benchmark. Writes a synthetic N x N uint16
// frame (sample::synthetic_frame) and the same pixels as float32 to temporary FITS files
// and measures, in a real window: file chosen -> pixels painted for each (wall time and
// GUI-thread CPU time, the longest stall of the GUI event loop during the load), toggling
// the bit-cost map, switching its display mode and changing the stretch (each to the
// finished repaint), against a reference measured in the
// same run: the engine's read of the same frame (fits::File::open + read_u16_frame).
// Prints a Markdown table on stdout.
class QString;

namespace bitsky {

class MainWindow;

// Returns the process exit code (0: measured).
int measureOpen(MainWindow& window, int size, int repeats);

}  // namespace bitsky
