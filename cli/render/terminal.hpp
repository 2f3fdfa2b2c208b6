// Draws a Chart in the terminal with Unicode braille cells (2x4 dots per character), so that
// `lrsched plot` works over ssh without any file viewer.
#pragma once

#include <string>

#include "render/chart.hpp"

namespace lrsched::cli {

struct TerminalOptions {
  /// Total columns of the output, frame and labels included; clamped to [20, 1000].
  int width = 80;
  /// Rows of each panel's plot area; 0 = choose from the width (width/4, within [8, 40]).
  int height = 0;
  /// ANSI colours per series (only when stdout is a TTY; the caller decides).
  bool color = false;
};

/// The chart as text: a centred title, each panel (its y label, the braille plot area with a
/// left y axis, a right one when the panel has right-hand series, and a bottom frame), the x tick
/// labels and x label under the last panel, then one legend line per series. Every line fits in
/// `options.width` columns (braille and box-drawing characters count one column each) and ends
/// with '\n'. Without colour, the output is plain ASCII + box drawing + braille with no trailing
/// spaces, and when a panel holds several series, every series draws with its own ASCII mark (`*`,
/// `+`, `o`, ..., shown in the legend) instead of braille; with colour, each line that switches
/// colour ends with a reset. NaN/inf (and non-positive values on a log axis) leave gaps. A log axis
/// labels powers of ten only (1, 2, 5 x 10^k within less than two decades).
[[nodiscard]] std::string render_terminal(const Chart& chart, const TerminalOptions& options);

/// Columns of the terminal: $COLUMNS if set and valid, else ioctl(TIOCGWINSZ) on stdout, else 80.
[[nodiscard]] int terminal_width();

/// Whether stdout is a terminal (isatty) and $NO_COLOR is unset or empty (https://no-color.org):
/// colour is on by default then.
[[nodiscard]] bool stdout_wants_color();

}  // namespace lrsched::cli
