// The chart types of the toolkit (see svg_charts.hpp) other than the map
// (svg_map.cpp); formatting and axes are in svg_common.cpp.
#include "analysis/svg_charts.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/svg_common.hpp"

namespace pasante::analysis::svg {

// --------------------------------------------------------------- line chart

std::string line_chart(const LineChart& c) {
  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
  for (const auto& s : c.series)
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      x_lo = std::min(x_lo, s.x[i]);
      x_hi = std::max(x_hi, s.x[i]);
      const double lo = i < s.low.size() ? std::min(s.low[i], s.y[i]) : s.y[i];
      const double hi = i < s.high.size() ? std::max(s.high[i], s.y[i]) : s.y[i];
      y_lo = std::min(y_lo, lo);
      y_hi = std::max(y_hi, hi);
    }
  if (!std::isfinite(x_lo)) x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
  if (x_hi == x_lo) x_hi = x_lo + 1;
  // Charts from zero of values that are never negative clip their bands at
  // zero (a t interval of a count can dip below it).
  bool non_negative = true;
  for (const auto& s : c.series)
    for (double v : s.y) non_negative = non_negative && v >= 0;
  const bool clip_at_zero = c.y_from_zero && non_negative;
  if (c.y_from_zero) y_lo = clip_at_zero ? 0.0 : std::min(0.0, y_lo);
  if (c.y_max > 0) y_hi = c.y_max;
  const std::vector<double> y_ticks = nice_ticks(y_lo, y_hi, 5);

  std::vector<std::string> names;
  std::vector<int> colours;
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    names.push_back(c.series[i].name);
    colours.push_back(c.series[i].colour >= 0 ? c.series[i].colour : static_cast<int>(i));
  }
  const double left = 62, right = 18;
  double legend_h = 0;
  const bool named = std::any_of(names.begin(), names.end(), [](const std::string& s) { return !s.empty(); });
  const std::string legend =
      named ? legend_row(names, colours, left, c.title.empty() ? 14 : 40, c.width - left - right, &legend_h) : "";
  const double top = (c.title.empty() ? 8 : 28) + legend_h + 6;
  const double bottom = c.x_label.empty() ? 26 : 44;
  const double height = std::max(c.height, top + bottom + 120);
  const Scale x{x_lo, x_hi, left, c.width - right};
  const Scale y{y_ticks.front(), y_ticks.back(), height - bottom, top};

  std::string out = open_svg(c.width, height, c.title);
  out += title_text(c.title);
  out += legend;
  out += y_axis(y, y_ticks, left, c.width - right, c.y_label, 14);
  std::vector<std::pair<double, std::string>> x_ticks =
      c.x_ticks.empty() ? labelled(nice_ticks(x_lo, x_hi, 6)) : c.x_ticks;
  std::erase_if(x_ticks, [&](const auto& t) { return t.first < x_lo - 1e-9 || t.first > x_hi + 1e-9; });
  out += x_axis(x, x_ticks, height - bottom, top, c.x_label, false);

  // Bands under every line, then lines, then hover points.
  for (std::size_t si = 0; si < c.series.size(); ++si) {
    const auto& s = c.series[si];
    const std::size_t n = std::min(s.x.size(), std::min(s.low.size(), s.high.size()));
    if (n < 2) continue;
    std::string pts;
    for (std::size_t i = 0; i < n; ++i) pts += fixed(x(s.x[i]), 1) + "," + fixed(y(s.high[i]), 1) + " ";
    for (std::size_t i = n; i-- > 0;)
      pts += fixed(x(s.x[i]), 1) + "," + fixed(y(clip_at_zero ? std::max(0.0, s.low[i]) : s.low[i]), 1) + " ";
    pts.pop_back();
    out += "<polygon points=\"" + pts + "\" fill=\"" + palette(colours[si]) +
           "\" fill-opacity=\"0.18\" stroke=\"none\">" + "<title>" + escape(s.name) +
           ": 95% interval across replicates</title></polygon>\n";
  }
  for (std::size_t si = 0; si < c.series.size(); ++si) {
    const auto& s = c.series[si];
    const std::size_t n = std::min(s.x.size(), s.y.size());
    if (n == 0) continue;
    std::string d;
    for (std::size_t i = 0; i < n; ++i) d += (i ? " L" : "M") + fixed(x(s.x[i]), 1) + " " + fixed(y(s.y[i]), 1);
    out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + palette(colours[si]) + "\" stroke-width=\"2\"" +
           (s.dashed ? " stroke-dasharray=\"6 3\"" : "") + " stroke-linejoin=\"round\"><title>" + escape(s.name) +
           "</title></path>\n";
    out += "<g fill=\"" + palette(colours[si]) + "\">\n";
    for (std::size_t i = 0; i < n; ++i) {
      std::string tip = s.name + ": " + readable(s.y[i]) + " (" +
                        (i < s.point_labels.size() ? s.point_labels[i] : c.x_label + " " + readable(s.x[i])) + ")";
      if (i < s.low.size() && i < s.high.size() && s.low[i] != s.high[i])
        tip += "; 95% interval " + readable(s.low[i]) + " to " + readable(s.high[i]);
      out += "<circle cx=\"" + fixed(x(s.x[i]), 1) + "\" cy=\"" + fixed(y(s.y[i]), 1) + "\" r=\"" +
             (n > 120 ? "1.5" : "2.5") + "\"><title>" + escape(tip) + "</title></circle>\n";
    }
    out += "</g>\n";
  }
  return out + "</svg>\n";
}

// ------------------------------------------------------------ bar chart

std::string bar_chart(const BarChart& c) {
  double label_w = 60, value_w = 0, hi = 0;
  for (const auto& b : c.bars) {
    label_w = std::max(label_w, text_width(b.label, 12) + 12);
    value_w = std::max(value_w, text_width(b.value_text, 12) + 10);
    hi = std::max(hi, b.value);
  }
  label_w = std::min(label_w, c.width * 0.42);
  const double bar_h = 20, gap = 8;
  const double top = c.title.empty() ? 8 : 30;
  const double bottom = c.value_label.empty() ? 26 : 44;
  const double height = top + static_cast<double>(c.bars.size()) * (bar_h + gap) + bottom;
  const std::vector<double> ticks = nice_ticks(0, hi > 0 ? hi : 1, 5);
  const Scale x{0, ticks.back(), label_w, c.width - std::max(value_w, 24.0)};

  std::string out = open_svg(c.width, height, c.title);
  out += title_text(c.title);
  const double axis_y = height - bottom;
  for (double t : ticks)
    out += "<line x1=\"" + fixed(x(t), 1) + "\" x2=\"" + fixed(x(t), 1) + "\" y1=\"" + fixed(top - 2, 1) + "\" y2=\"" +
           fixed(axis_y, 1) + "\" stroke=\"#eeeeee\"/>\n";
  out += x_axis(x, labelled(ticks), axis_y, top, c.value_label, false);
  for (std::size_t i = 0; i < c.bars.size(); ++i) {
    const Bar& b = c.bars[i];
    const double y0 = top + static_cast<double>(i) * (bar_h + gap);
    const double w = std::max(0.0, x(std::max(0.0, b.value)) - x(0));
    out += text(label_w - 8, y0 + bar_h / 2 + 4, b.label, "end", "fill=\"#333\"");
    out += "<rect x=\"" + fixed(x(0), 1) + "\" y=\"" + fixed(y0, 1) + "\" width=\"" + fixed(std::max(w, 0.5), 1) +
           "\" height=\"" + fixed(bar_h, 1) + "\" rx=\"2\" fill=\"" + palette(c.colour) + "\"><title>" +
           escape(b.tooltip.empty() ? b.label + ": " + b.value_text : b.tooltip) + "</title></rect>\n";
    out += text(x(0) + w + 5, y0 + bar_h / 2 + 4, b.value_text, "start", "fill=\"#333\"");
  }
  return out + "</svg>\n";
}

// --------------------------------------------------------- dot and whisker

std::string dot_whisker_chart(const DotWhiskerChart& c) {
  double lo = c.lo, hi = c.hi;
  if (lo == hi) {
    lo = INFINITY;
    hi = -INFINITY;
    for (const auto& g : c.groups)
      for (const auto& p : g.points)
        if (p.present) {
          lo = std::min(lo, std::min(p.low, p.mean));
          hi = std::max(hi, std::max(p.high, p.mean));
        }
    if (!std::isfinite(lo)) lo = 0, hi = 1;
  }
  const std::vector<double> ticks = nice_ticks(lo, hi, 6);
  double label_w = 60;
  for (const auto& g : c.groups) label_w = std::max(label_w, text_width(g.label, 12) + 14);
  label_w = std::min(label_w, c.width * 0.4);

  std::vector<int> colours;
  for (std::size_t i = 0; i < c.series.size(); ++i) colours.push_back(static_cast<int>(i));
  double legend_h = 0;
  const double legend_y = c.title.empty() ? 20 : 40;
  const std::string legend = legend_row(c.series, colours, label_w, legend_y, c.width - label_w, &legend_h);
  const double top = (c.title.empty() ? 8 : 28) + legend_h + 4;
  const double lane = 13, row_pad = 10;
  const double row_h = std::max(1.0, static_cast<double>(c.series.size())) * lane + row_pad;
  double rows_h = 0;
  for (const auto& g : c.groups) rows_h += row_h + (g.gap_before ? 12 : 0);
  const double bottom = c.value_label.empty() ? 26 : 44;
  const double height = top + rows_h + bottom;
  const Scale x{ticks.front(), ticks.back(), label_w, c.width - 16};

  std::string out = open_svg(c.width, height, c.title);
  out += title_text(c.title);
  out += legend;
  const double axis_y = height - bottom;
  for (double t : ticks)
    out += "<line x1=\"" + fixed(x(t), 1) + "\" x2=\"" + fixed(x(t), 1) + "\" y1=\"" + fixed(top, 1) + "\" y2=\"" +
           fixed(axis_y, 1) + "\" stroke=\"#eeeeee\"/>\n";
  out += x_axis(x, labelled(ticks), axis_y, top, c.value_label, false);
  double y0 = top;
  for (const auto& g : c.groups) {
    if (g.gap_before) {
      out += "<line x1=\"0\" x2=\"" + fixed(c.width, 1) + "\" y1=\"" + fixed(y0 + 5, 1) + "\" y2=\"" +
             fixed(y0 + 5, 1) + "\" stroke=\"#cfcfcf\"/>\n";
      y0 += 12;
    }
    out += text(label_w - 10, y0 + row_h / 2 + 4, g.label, "end", "fill=\"#333\"");
    for (std::size_t s = 0; s < g.points.size(); ++s) {
      const auto& p = g.points[s];
      if (!p.present) continue;
      const double cy = y0 + row_pad / 2 + lane * (static_cast<double>(s) + 0.5);
      const std::string col = palette(static_cast<int>(s));
      out += "<g><title>" + escape(p.tooltip) + "</title>";
      out += "<line x1=\"" + fixed(x(p.low), 1) + "\" x2=\"" + fixed(x(p.high), 1) + "\" y1=\"" + fixed(cy, 1) +
             "\" y2=\"" + fixed(cy, 1) + "\" stroke=\"" + col + "\" stroke-width=\"2\"/>";
      for (double e : {p.low, p.high})
        out += "<line x1=\"" + fixed(x(e), 1) + "\" x2=\"" + fixed(x(e), 1) + "\" y1=\"" + fixed(cy - 4, 1) +
               "\" y2=\"" + fixed(cy + 4, 1) + "\" stroke=\"" + col + "\" stroke-width=\"1.5\"/>";
      out += "<circle cx=\"" + fixed(x(p.mean), 1) + "\" cy=\"" + fixed(cy, 1) + "\" r=\"4.5\" fill=\"" + col +
             "\" stroke=\"#fff\" stroke-width=\"1\"/></g>\n";
    }
    y0 += row_h;
  }
  return out + "</svg>\n";
}

// ------------------------------------------------------------------ heatmap

std::string heatmap(const Heatmap& c) {
  const std::size_t nx = c.x_categories.size(), ny = c.y_categories.size();
  auto has = [&](std::size_t yi, std::size_t xi) {
    return yi < c.has_value.size() && xi < c.has_value[yi].size() && c.has_value[yi][xi] && yi < c.values.size() &&
           xi < c.values[yi].size();
  };
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t yi = 0; yi < ny; ++yi)
    for (std::size_t xi = 0; xi < nx; ++xi)
      if (has(yi, xi)) {
        lo = std::min(lo, c.values[yi][xi]);
        hi = std::max(hi, c.values[yi][xi]);
      }
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  // Differences under 1% of the values' size are not worth a colour contrast:
  // such a map is drawn in one colour.
  const bool flat = hi - lo <= 0.01 * std::max(std::fabs(lo), std::fabs(hi));
  const double span = hi > lo ? hi - lo : 1;

  double label_w = 30;
  for (const auto& s : c.y_categories) label_w = std::max(label_w, text_width(s, 11) + 10);
  label_w = std::min(label_w, c.width * 0.3);
  const double left = label_w + 24, right = 104;
  const double cell_w = nx ? (c.width - left - right) / static_cast<double>(nx) : 1;
  const double cell_h = std::clamp(cell_w * 0.6, 22.0, 40.0);
  double max_x_label = 0;
  for (const auto& s : c.x_categories) max_x_label = std::max(max_x_label, text_width(s, 11));
  const bool rotate = max_x_label > cell_w - 4;
  const double x_labels_h = rotate ? std::min(max_x_label * 0.75, 120.0) + 12 : 18;
  const double top = c.title.empty() ? 10 : 30;
  const double grid_h = cell_h * static_cast<double>(ny);
  const double height = std::max(top + grid_h + x_labels_h + 24, top + 150.0);

  std::string out = open_svg(c.width, height, c.title);
  out += title_text(c.title);
  for (std::size_t yi = 0; yi < ny; ++yi) {
    // Row 0 at the bottom, so the y values grow upwards.
    const double y0 = top + grid_h - cell_h * static_cast<double>(yi + 1);
    out += text(left - 6, y0 + cell_h / 2 + 4, c.y_categories[yi], "end", "fill=\"#333\" font-size=\"11\"");
    for (std::size_t xi = 0; xi < nx; ++xi) {
      const double x0 = left + cell_w * static_cast<double>(xi);
      const std::string rect = "<rect x=\"" + fixed(x0, 1) + "\" y=\"" + fixed(y0, 1) + "\" width=\"" +
                               fixed(cell_w - 1, 1) + "\" height=\"" + fixed(cell_h - 1, 1) + "\"";
      const auto cell_string = [&](const std::vector<std::vector<std::string>>& m) {
        return yi < m.size() && xi < m[yi].size() ? m[yi][xi] : std::string();
      };
      if (!has(yi, xi)) {
        out += rect + " fill=\"#f2f2f2\"><title>" +
               escape(c.y_label + " " + c.y_categories[yi] + ", " + c.x_label + " " + c.x_categories[xi] + ": no run") +
               "</title></rect>\n";
        continue;
      }
      const double t = flat ? 0.5 : (c.values[yi][xi] - lo) / span;
      std::string tip = cell_string(c.tooltips);
      if (tip.empty())
        tip = c.y_label + " " + c.y_categories[yi] + ", " + c.x_label + " " + c.x_categories[xi] + ": " +
              readable(c.values[yi][xi]);
      out += rect + " fill=\"" + viridis(t) + "\"><title>" + escape(tip) + "</title></rect>\n";
      std::string label = cell_string(c.cell_text);
      if (label.empty()) label = readable(c.values[yi][xi]);
      if (text_width(label, 10) < cell_w - 4 && cell_h >= 16)
        out += text(
            x0 + (cell_w - 1) / 2, y0 + cell_h / 2 + 3.5, label, "middle",
            std::string("font-size=\"10\" pointer-events=\"none\" fill=\"") + (t < 0.6 ? "#fff" : "#1b1b1b") + "\"");
    }
  }
  const double base = top + grid_h;
  for (std::size_t xi = 0; xi < nx; ++xi) {
    const double cx = left + cell_w * (static_cast<double>(xi) + 0.5);
    if (rotate)
      out += "<text transform=\"translate(" + fixed(cx, 1) + " " + fixed(base + 12, 1) +
             ") rotate(-35)\" text-anchor=\"end\" fill=\"#333\" font-size=\"11\">" + escape(c.x_categories[xi]) +
             "</text>\n";
    else
      out += text(cx, base + 14, c.x_categories[xi], "middle", "fill=\"#333\" font-size=\"11\"");
  }
  out += text(left + (c.width - left - right) / 2, base + x_labels_h + 16, c.x_label, "middle", "fill=\"#444\"");
  out += "<text transform=\"translate(12 " + fixed(top + grid_h / 2, 1) +
         ") rotate(-90)\" text-anchor=\"middle\" fill=\"#444\">" + escape(c.y_label) + "</text>\n";

  // Legend: ten steps of the scale, high at the top.
  const double lx = c.width - right + 16, ly = top, lh = std::min(grid_h, 150.0);
  out += text(lx, ly - 4 + 2, c.value_label, "start", "font-size=\"10\" fill=\"#444\"");
  for (int k = 0; k < 10; ++k) {
    const double t = flat ? 0.5 : (9 - k) / 9.0;
    out += "<rect x=\"" + fixed(lx, 1) + "\" y=\"" + fixed(ly + 6 + k * lh / 10, 1) + "\" width=\"14\" height=\"" +
           fixed(lh / 10 + 0.5, 1) + "\" fill=\"" + viridis(t) + "\"/>\n";
  }
  out += text(lx + 18, ly + 6 + 9, c.high_text.empty() ? readable(hi) : c.high_text, "start",
              "font-size=\"10\" fill=\"#444\"");
  if (flat) out += text(lx, ly + lh + 24, "(nearly equal)", "start", "font-size=\"10\" fill=\"#444\"");
  out += text(lx + 18, ly + 6 + lh, c.low_text.empty() ? readable(lo) : c.low_text, "start",
              "font-size=\"10\" fill=\"#444\"");
  return out + "</svg>\n";
}

// ----------------------------------------------------------- response curve

std::string response_curve(const ResponseCurve& c) {
  const std::size_t n = c.points.size();
  double y_lo = INFINITY, y_hi = -INFINITY, x_lo = INFINITY, x_hi = -INFINITY;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = c.points[i];
    y_lo = std::min({y_lo, p.low, p.mean});
    y_hi = std::max({y_hi, p.high, p.mean});
    x_lo = std::min(x_lo, p.x);
    x_hi = std::max(x_hi, p.x);
  }
  if (!std::isfinite(y_lo)) y_lo = 0, y_hi = 1, x_lo = 0, x_hi = 1;
  const double pad = (y_hi - y_lo) * 0.08;
  const std::vector<double> y_ticks = nice_ticks(y_lo - pad, y_hi + pad, 4);
  if (c.categorical) x_lo -= 0.5, x_hi += 0.5;
  if (x_hi == x_lo) x_lo -= 1, x_hi += 1;
  if (!c.categorical) {
    const double xp = (x_hi - x_lo) * 0.05;
    x_lo -= xp;
    x_hi += xp;
  }
  const double left = 56, right = 12, top = c.title.empty() ? 10 : 28, bottom = c.x_label.empty() ? 26 : 44;
  const Scale x{x_lo, x_hi, left, c.width - right};
  const Scale y{y_ticks.front(), y_ticks.back(), c.height - bottom, top};

  std::string out = open_svg(c.width, c.height, c.title);
  if (!c.title.empty()) out += text(0, 16, c.title, "start", "font-size=\"13\" font-weight=\"600\" fill=\"#1b1b1b\"");
  out += y_axis(y, y_ticks, left, c.width - right, c.y_label, 12);
  std::vector<std::pair<double, std::string>> x_ticks;
  if (c.categorical) {
    for (const auto& p : c.points)
      if (std::none_of(x_ticks.begin(), x_ticks.end(), [&](const auto& t) { return t.first == p.x; }))
        x_ticks.emplace_back(p.x, p.x_label);
    std::stable_sort(x_ticks.begin(), x_ticks.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const std::size_t every = std::max<std::size_t>(1, (x_ticks.size() + 5) / 6);
    std::vector<std::pair<double, std::string>> thinned;
    for (std::size_t i = 0; i < x_ticks.size(); i += every) thinned.push_back(x_ticks[i]);
    x_ticks = std::move(thinned);
  } else {
    x_ticks = labelled(nice_ticks(x_lo, x_hi, 5));
    std::erase_if(x_ticks, [&](const auto& t) { return t.first < x_lo || t.first > x_hi; });
  }
  out += x_axis(x, x_ticks, c.height - bottom, top, c.x_label, false);

  const std::string col = palette(c.colour);
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  auto xpos = [&](std::size_t i) { return c.points[i].x; };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return xpos(a) < xpos(b); });
  if (c.connect && n > 1) {
    std::string d;
    for (std::size_t k = 0; k < n; ++k)
      d += (k ? " L" : "M") + fixed(x(xpos(order[k])), 1) + " " + fixed(y(c.points[order[k]].mean), 1);
    out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + col + "\" stroke-width=\"1.5\" stroke-opacity=\"0.7\"/>\n";
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = c.points[i];
    const double px = x(xpos(i));
    out += "<g><title>" + escape(p.tooltip) + "</title>";
    out += "<line x1=\"" + fixed(px, 1) + "\" x2=\"" + fixed(px, 1) + "\" y1=\"" + fixed(y(p.low), 1) + "\" y2=\"" +
           fixed(y(p.high), 1) + "\" stroke=\"" + col + "\" stroke-width=\"1.5\"/>";
    for (double e : {p.low, p.high})
      out += "<line x1=\"" + fixed(px - 4, 1) + "\" x2=\"" + fixed(px + 4, 1) + "\" y1=\"" + fixed(y(e), 1) +
             "\" y2=\"" + fixed(y(e), 1) + "\" stroke=\"" + col + "\" stroke-width=\"1.5\"/>";
    out +=
        "<circle cx=\"" + fixed(px, 1) + "\" cy=\"" + fixed(y(p.mean), 1) + "\" r=\"3.5\" fill=\"" + col + "\"/></g>\n";
  }
  return out + "</svg>\n";
}

// --------------------------------------------------------------- forest plot

std::string forest_plot(const ForestPlot& c) {
  double lo = 0, hi = 0, label_w = 60, value_w = 60;
  for (const auto& r : c.rows) {
    lo = std::min({lo, r.low, r.estimate});
    hi = std::max({hi, r.high, r.estimate});
    label_w = std::max(label_w, text_width(r.label, 12) + 14);
    value_w = std::max(value_w, text_width(r.value_text, 11) + 14);
  }
  label_w = c.label_width > 0 ? c.label_width : std::min(label_w, c.width * 0.36);
  value_w = std::min(value_w, c.width * 0.3);
  if (hi - lo < 1e-12) lo -= 1, hi += 1;
  const std::vector<double> ticks = nice_ticks(lo, hi, 6);

  std::vector<int> colours;
  for (std::size_t i = 0; i < c.series.size(); ++i) colours.push_back(static_cast<int>(i));
  double legend_h = 0;
  const double legend_y = c.title.empty() ? 20 : 40;
  const std::string legend = c.series.size() > 1
                                 ? legend_row(c.series, colours, label_w, legend_y, c.width - label_w, &legend_h)
                                 : std::string();
  const double top = (c.title.empty() ? 8 : 28) + legend_h + 6;
  const double row_h = 22;
  double groups_extra = 0;
  for (std::size_t i = 1; i < c.rows.size(); ++i) groups_extra += c.rows[i].label != c.rows[i - 1].label ? 6 : 0;
  const double bottom = c.x_label.empty() ? 26 : 44;
  const double height = top + static_cast<double>(c.rows.size()) * row_h + groups_extra + bottom;
  const Scale x{ticks.front(), ticks.back(), label_w, c.width - value_w};
  const double axis_y = height - bottom;

  std::string out = open_svg(c.width, height, c.title);
  out += title_text(c.title);
  out += legend;
  for (double t : ticks)
    out += "<line x1=\"" + fixed(x(t), 1) + "\" x2=\"" + fixed(x(t), 1) + "\" y1=\"" + fixed(top, 1) + "\" y2=\"" +
           fixed(axis_y, 1) + "\" stroke=\"#eeeeee\"/>\n";
  out += x_axis(x, labelled(ticks), axis_y, top, c.x_label, false);
  out += "<line x1=\"" + fixed(x(0), 1) + "\" x2=\"" + fixed(x(0), 1) + "\" y1=\"" + fixed(top - 4, 1) + "\" y2=\"" +
         fixed(axis_y, 1) + "\" stroke=\"#444\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/>\n";
  double y0 = top;
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const ForestRow& r = c.rows[i];
    const bool new_group = i == 0 || r.label != c.rows[i - 1].label;
    if (new_group && i > 0) {
      out += "<line x1=\"0\" x2=\"" + fixed(c.width, 1) + "\" y1=\"" + fixed(y0 + 3, 1) + "\" y2=\"" +
             fixed(y0 + 3, 1) + "\" stroke=\"#e6e6e6\"/>\n";
      y0 += 6;
    }
    const double cy = y0 + row_h / 2;
    if (new_group) out += text(label_w - 10, cy + 4, r.label, "end", "fill=\"#333\"");
    const std::string col = palette(r.series);
    const bool clear = r.low > 0 || r.high < 0;  // the interval excludes no difference
    out += "<g><title>" + escape(r.tooltip) + "</title>";
    out += "<line x1=\"" + fixed(x(r.low), 1) + "\" x2=\"" + fixed(x(r.high), 1) + "\" y1=\"" + fixed(cy, 1) +
           "\" y2=\"" + fixed(cy, 1) + "\" stroke=\"" + col + "\" stroke-width=\"2\"/>";
    for (double e : {r.low, r.high})
      out += "<line x1=\"" + fixed(x(e), 1) + "\" x2=\"" + fixed(x(e), 1) + "\" y1=\"" + fixed(cy - 4, 1) + "\" y2=\"" +
             fixed(cy + 4, 1) + "\" stroke=\"" + col + "\" stroke-width=\"1.5\"/>";
    out += "<rect x=\"" + fixed(x(r.estimate) - 4.5, 1) + "\" y=\"" + fixed(cy - 4.5, 1) +
           "\" width=\"9\" height=\"9\" fill=\"" + (clear ? col : std::string("#fff")) + "\" stroke=\"" + col +
           "\" stroke-width=\"1.5\"/></g>\n";
    out += text(c.width - value_w + 10, cy + 4, r.value_text, "start", "fill=\"#333\" font-size=\"11\"");
    y0 += row_h;
  }
  return out + "</svg>\n";
}

}  // namespace pasante::analysis::svg
