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
class QWidget;

namespace bitsky {

class MainWindow;

// Returns the process exit code (0: measured).
int measureOpen(MainWindow& window, int size, int repeats);

// `bitsky --exit-after-paint`: the start-up benchmark. Once `window` has been painted for
// the first time (all of it: the quit is queued behind the paint), prints the seconds from
// the process's start (the kernel's start time, 10 ms resolution) to that paint and exits 0.
void exitAfterFirstPaint(QWidget& window);

}  // namespace bitsky
