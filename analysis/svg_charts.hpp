// A small hand-written SVG chart toolkit for the HTML reports.
//
// Why hand-written: no maintained C++ charting library is packaged in
// Debian 12, and the reports must be single self-contained files (inline SVG,
// no script, no network), so the handful of chart types the reports need are
// drawn here directly: line charts with bands, horizontal bars,
// dot-and-whisker, heatmaps, response curves, forest plots and the map.
//
// Every function returns one <svg> element (with the SVG namespace and a
// viewBox, so it scales to its container). All text is XML-escaped; numbers
// are written with fixed formatting (std::to_chars), so the same input gives
// the same bytes. Hovering a mark shows a <title> tooltip.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "outputs/run_results.hpp"

namespace pasante::analysis::svg {

// Text escaped for XML character data and attribute values (& < > " ').
std::string escape(std::string_view text);
// `value` with exactly `decimals` decimals ("-0" is written "0"; NaN and
// infinities as "0"), independent of the locale.
std::string fixed(double value, int decimals);
// "1,234,567" (rounded to an integer).
std::string thousands(double value);
// About four significant digits: "1,235", "123.4", "12.35", "0.123".
std::string readable(double value);
// Tick positions covering [lo, hi]: about `target` round numbers (1, 2, 5 × 10^k).
std::vector<double> nice_ticks(double lo, double hi, int target = 5);
// Label for tick `value` when ticks are `step` apart (k/M suffixes for large values).
std::string tick_label(double value, double step);

// Colour-blind-safe categorical palette (Okabe–Ito), cycled.
std::string palette(int index);
// Sequential scales on t in [0, 1]: yellow–orange–red (refusal rates) and viridis (heatmaps).
std::string ylorrd(double t);
std::string viridis(double t);

// ---------------------------------------------------------------- line chart
struct LineSeries {
  std::string name;
  std::vector<double> x, y;
  std::vector<double> low, high;          // optional band (same length as x), e.g. a 95% interval over replicates
  std::vector<std::string> point_labels;  // optional: names the x of each point in tooltips (e.g. a date)
  int colour = -1;                        // palette index; -1: the series' position
  bool dashed = false;
};

struct LineChart {
  std::string title, x_label, y_label;
  std::vector<LineSeries> series;
  std::vector<std::pair<double, std::string>> x_ticks;  // custom ticks (e.g. months); empty: nice ticks
  bool y_from_zero = true;
  double y_max = 0;  // > 0: fixed upper bound of the y axis
  double width = 640, height = 300;
};
std::string line_chart(const LineChart& chart);

// --------------------------------------------------------- horizontal bars
struct Bar {
  std::string label;
  double value = 0;
  std::string value_text;  // written at the end of the bar
  std::string tooltip;
};
struct BarChart {
  std::string title, value_label;
  std::vector<Bar> bars;
  int colour = 0;
  double width = 640;
};
std::string bar_chart(const BarChart& chart);

// ------------------------------------------------------------ dot-and-whisker
// Rows (groups), each with one dot per series at its mean and a whisker over
// its interval; series are offset vertically within a row.
struct DotWhiskerPoint {
  double mean = 0, low = 0, high = 0;
  std::string tooltip;
  bool present = true;
};
struct DotWhiskerGroup {
  std::string label;
  std::vector<DotWhiskerPoint> points;  // one per series
  bool gap_before = false;              // a small gap and rule before this row
};
struct DotWhiskerChart {
  std::string title, value_label;
  std::vector<std::string> series;
  std::vector<DotWhiskerGroup> groups;
  double lo = 0, hi = 0;  // value axis; lo == hi: from the data
  double width = 640;
};
std::string dot_whisker_chart(const DotWhiskerChart& chart);

// ------------------------------------------------------------------ heatmap
struct Heatmap {
  std::string title, x_label, y_label, value_label;
  std::vector<std::string> x_categories, y_categories;
  // values[y][x]; cells without a value: has_value[y][x] == false.
  std::vector<std::vector<double>> values;
  std::vector<std::vector<bool>> has_value;
  std::vector<std::vector<std::string>> cell_text, tooltips;  // optional, same shape
  std::string low_text, high_text;                            // legend labels of the scale's ends (default: the values)
  double width = 640;
};
std::string heatmap(const Heatmap& chart);

// ------------------------------------------------------------ response curve
// A metric against a swept parameter: dots at the means with 95% interval bars.
struct ResponsePoint {
  double x = 0;         // position; for a categorical chart, the category's index (0, 1, ...)
  std::string x_label;  // category label
  double mean = 0, low = 0, high = 0;
  std::string tooltip;
};
struct ResponseCurve {
  std::string title, x_label, y_label;
  std::vector<ResponsePoint> points;
  bool categorical = false;  // x is a category index, labelled by x_label
  bool connect = true;       // join the means with a line (grids); false for scattered designs
  int colour = 0;
  double width = 320, height = 220;
};
std::string response_curve(const ResponseCurve& chart);

// --------------------------------------------------------------- forest plot
struct ForestRow {
  std::string label;  // rows with the same label in a run are drawn as one group
  double estimate = 0, low = 0, high = 0;
  int series = 0;  // colour (and legend entry)
  std::string value_text;
  std::string tooltip;
};
struct ForestPlot {
  std::string title, x_label;
  std::vector<std::string> series;  // legend (e.g. the variants); one entry: no legend
  std::vector<ForestRow> rows;
  double width = 720;
  double label_width = 0;  // > 0: fixed width of the label column (to align several plots)
};
std::string forest_plot(const ForestPlot& chart);

// ----------------------------------------------------------------------- map
struct MapOptions {
  std::string title;
  double width = 760;
  std::size_t max_places = 20000;  // above this, only clinic places are drawn and roads are skipped
  int label_municipalities_up_to = 12;
};
// Equirectangular projection (longitude scaled by cos of the mean latitude):
// roads as thin lines (paved darker), localities as circles with area
// proportional to population, clinics as squares coloured by refusal rate,
// the hospital marked, violence events as small red crosses.
std::string region_map(const RunMap& map, const MapOptions& options = {});

}  // namespace pasante::analysis::svg
