// Internal helpers shared by the chart files (svg_charts.cpp, svg_map.cpp):
// linear scales, text, axes and legends. Not part of the report interface.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pasante::analysis::svg {

// Maps the domain [d0, d1] linearly onto the range [r0, r1].
struct Scale {
  double d0 = 0, d1 = 1, r0 = 0, r1 = 1;
  double operator()(double v) const { return d1 == d0 ? (r0 + r1) / 2 : r0 + (v - d0) * (r1 - r0) / (d1 - d0); }
};

// Approximate width of `text` at font size `size` (sans-serif, about 0.6 em a character).
double text_width(std::string_view text, double size);
// The opening <svg> tag (namespace, viewBox, natural size) and its <title>.
std::string open_svg(double width, double height, std::string_view label);
// A <text> element; `extra` is appended verbatim inside the tag.
std::string text(double x, double y, std::string_view content, std::string_view anchor = "start",
                 std::string_view extra = {});
std::string title_text(std::string_view title);
// Legend swatches laid out left to right from (x, y), wrapping at max_width;
// *height receives the height used.
std::string legend_row(const std::vector<std::string>& names, const std::vector<int>& colours, double x, double y,
                       double max_width, double* height);
// Horizontal grid lines and labels for `ticks` between x0 and x1, plus a rotated label at label_x.
std::string y_axis(const Scale& y, const std::vector<double>& ticks, double x0, double x1, std::string_view label,
                   double label_x);
// An axis line at y0 with the given ticks and a label below.
std::string x_axis(const Scale& x, const std::vector<std::pair<double, std::string>>& ticks, double y0, double y_top,
                   std::string_view label, bool grid);
std::vector<std::pair<double, std::string>> labelled(const std::vector<double>& ticks);

}  // namespace pasante::analysis::svg
