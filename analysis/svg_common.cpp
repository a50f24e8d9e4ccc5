// Formatting, colour scales and the shared drawing helpers of the chart
// toolkit (svg_charts.hpp, svg_common.hpp).
#include "analysis/svg_common.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "analysis/svg_charts.hpp"

namespace pasante::analysis::svg {

// ------------------------------------------------------------- formatting

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters are not allowed in XML 1.0 text; drop them.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') break;
        out += c;
    }
  }
  return out;
}

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "0";
  decimals = std::clamp(decimals, 0, 12);
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  if (ec != std::errc{}) return "0";
  std::string s(buf, end);
  // Fold "-0", "-0.00" into "0", "0.00".
  if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string thousands(double value) {
  if (!std::isfinite(value)) return "0";
  const double r = std::round(value);
  std::string digits = fixed(std::fabs(r), 0);
  std::string out;
  const int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (r < 0 ? "-" : "") + out;
}

std::string readable(double value) {
  const double a = std::fabs(value);
  if (a >= 1000) return thousands(value);
  if (a >= 100) return fixed(value, 1);
  if (a >= 1) return fixed(value, 2);
  if (a >= 0.01 || a == 0) return fixed(value, 3);
  return fixed(value, 5);
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo < 1e-12 * std::max(1.0, std::fabs(hi))) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double raw = (hi - lo) / std::max(1, target - 1);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw * 0.999) {
      step = m * mag;
      break;
    }
  const double first = std::floor(lo / step + 1e-9) * step;
  const double last = std::ceil(hi / step - 1e-9) * step;
  std::vector<double> ticks;
  for (int i = 0;; ++i) {
    const double t = first + i * step;
    if (t > last + step * 1e-6 || i > 100) break;
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

namespace {

int decimals_for(double step) {
  if (step <= 0 || !std::isfinite(step)) return 0;
  int d = 0;
  while (d < 8 && std::fabs(step * std::pow(10.0, d) - std::round(step * std::pow(10.0, d))) > 1e-6 * std::pow(10.0, d))
    ++d;
  return d;
}

}  // namespace

std::string tick_label(double value, double step) {
  const double a = std::max(std::fabs(value), std::fabs(step));
  if (a >= 1e6 && step >= 1e5) return fixed(value / 1e6, decimals_for(step / 1e6)) + "M";
  if (a >= 1e4 && step >= 1e3) return fixed(value / 1e3, decimals_for(step / 1e3)) + "k";
  if (a >= 1000 && decimals_for(step) == 0) return thousands(value);
  return fixed(value, decimals_for(step));
}

// ------------------------------------------------------------------ colour

std::string palette(int index) {
  static const std::array<const char*, 8> colours{"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                  "#E69F00", "#56B4E9", "#7a7a7a", "#1b1b1b"};
  const int n = static_cast<int>(colours.size());
  return colours[((index % n) + n) % n];
}

namespace {

using Rgb = std::array<double, 3>;

std::string interpolate(const std::vector<Rgb>& stops, double t) {
  if (!std::isfinite(t)) t = 0;
  t = std::clamp(t, 0.0, 1.0);
  const double pos = t * static_cast<double>(stops.size() - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(pos), stops.size() - 2);
  const double f = pos - static_cast<double>(i);
  static const char* hex = "0123456789abcdef";
  std::string out = "#";
  for (int k = 0; k < 3; ++k) {
    const int v = static_cast<int>(std::lround(stops[i][k] + f * (stops[i + 1][k] - stops[i][k])));
    out += hex[(v >> 4) & 15];
    out += hex[v & 15];
  }
  return out;
}

}  // namespace

std::string ylorrd(double t) {
  static const std::vector<Rgb> stops{{255, 255, 204}, {254, 217, 118}, {253, 141, 60}, {227, 26, 28}, {128, 0, 38}};
  return interpolate(stops, t);
}

std::string viridis(double t) {
  static const std::vector<Rgb> stops{{68, 1, 84},    {72, 40, 120},  {62, 74, 137},  {49, 104, 142}, {38, 130, 142},
                                      {31, 158, 137}, {53, 183, 121}, {110, 206, 88}, {181, 222, 43}, {253, 231, 37}};
  return interpolate(stops, t);
}

// ------------------------------------------------------- shared drawing

double text_width(std::string_view text, double size) {
  std::size_t chars = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;  // count UTF-8 code points
  return static_cast<double>(chars) * size * 0.6;
}

std::string open_svg(double width, double height, std::string_view label) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " + fixed(width, 0) + " " +
         fixed(height, 0) + "\" width=\"" + fixed(width, 0) + "\" height=\"" + fixed(height, 0) +
         "\" role=\"img\" aria-label=\"" + escape(label) +
         "\" font-family=\"system-ui, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif\" font-size=\"12\">\n"
         "<title>" +
         escape(label) + "</title>\n";
}

std::string text(double x, double y, std::string_view content, std::string_view anchor, std::string_view extra) {
  std::string out = "<text x=\"" + fixed(x, 1) + "\" y=\"" + fixed(y, 1) + "\"";
  if (anchor != "start") out += " text-anchor=\"" + std::string(anchor) + "\"";
  if (!extra.empty()) out += " " + std::string(extra);
  return out + ">" + escape(content) + "</text>\n";
}

std::string title_text(std::string_view title) {
  return title.empty() ? std::string()
                       : text(0, 16, title, "start", "font-size=\"14\" font-weight=\"600\" fill=\"#1b1b1b\"");
}

std::string legend_row(const std::vector<std::string>& names, const std::vector<int>& colours, double x, double y,
                       double max_width, double* height) {
  std::string out;
  double cx = x, cy = y;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double w = 22 + text_width(names[i], 12) + 16;
    if (cx > x && cx + w > x + max_width) {
      cx = x;
      cy += 18;
    }
    out += "<rect x=\"" + fixed(cx, 1) + "\" y=\"" + fixed(cy - 9, 1) +
           "\" width=\"16\" height=\"10\" rx=\"2\" fill=\"" + palette(colours[i]) + "\"/>\n";
    out += text(cx + 21, cy, names[i], "start", "fill=\"#333\"");
    cx += w;
  }
  if (height) *height = cy - y + 18;
  return out;
}

std::string y_axis(const Scale& y, const std::vector<double>& ticks, double x0, double x1, std::string_view label,
                   double label_x) {
  std::string out;
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
  for (double t : ticks) {
    const double py = y(t);
    out += "<line x1=\"" + fixed(x0, 1) + "\" x2=\"" + fixed(x1, 1) + "\" y1=\"" + fixed(py, 1) + "\" y2=\"" +
           fixed(py, 1) + "\" stroke=\"" + (t == 0 ? "#9a9a9a" : "#e4e4e4") + "\" stroke-width=\"1\"/>\n";
    out += text(x0 - 6, py + 4, tick_label(t, step), "end", "fill=\"#555\" font-size=\"11\"");
  }
  if (!label.empty()) {
    const double cy = (y.r0 + y.r1) / 2;
    out += "<text transform=\"translate(" + fixed(label_x, 1) + " " + fixed(cy, 1) +
           ") rotate(-90)\" text-anchor=\"middle\" fill=\"#444\">" + escape(label) + "</text>\n";
  }
  return out;
}

std::string x_axis(const Scale& x, const std::vector<std::pair<double, std::string>>& ticks, double y0, double y_top,
                   std::string_view label, bool grid) {
  std::string out;
  for (const auto& [v, name] : ticks) {
    const double px = x(v);
    if (grid)
      out += "<line x1=\"" + fixed(px, 1) + "\" x2=\"" + fixed(px, 1) + "\" y1=\"" + fixed(y_top, 1) + "\" y2=\"" +
             fixed(y0, 1) + "\" stroke=\"#eeeeee\" stroke-width=\"1\"/>\n";
    out += "<line x1=\"" + fixed(px, 1) + "\" x2=\"" + fixed(px, 1) + "\" y1=\"" + fixed(y0, 1) + "\" y2=\"" +
           fixed(y0 + 4, 1) + "\" stroke=\"#777\"/>\n";
    out += text(px, y0 + 16, name, "middle", "fill=\"#555\" font-size=\"11\"");
  }
  out += "<line x1=\"" + fixed(x.r0, 1) + "\" x2=\"" + fixed(x.r1, 1) + "\" y1=\"" + fixed(y0, 1) + "\" y2=\"" +
         fixed(y0, 1) + "\" stroke=\"#777\"/>\n";
  if (!label.empty()) out += text((x.r0 + x.r1) / 2, y0 + 34, label, "middle", "fill=\"#444\"");
  return out;
}

std::vector<std::pair<double, std::string>> labelled(const std::vector<double>& ticks) {
  std::vector<std::pair<double, std::string>> out;
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
  for (double t : ticks) out.emplace_back(t, tick_label(t, step));
  return out;
}

}  // namespace pasante::analysis::svg
