// The report of a sweep: how the main metrics respond to the varied
// parameters (response curves for one key, heatmaps for two, one panel per
// key otherwise), a table of every design point, and series bands.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "analysis/report.hpp"
#include "analysis/report_html.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sweep_design.hpp"
#include "analysis/svg_charts.hpp"

namespace pasante::analysis {

namespace {

using namespace report;

const Estimate* find_metric(const SweepPointSummary& p, std::string_view metric) {
  for (const auto& m : p.metrics)
    if (m.metric == metric) return &m.estimate;
  return nullptr;
}

std::optional<std::string> value_of(const SweepPointSummary& p, std::string_view key) {
  for (const auto& [k, v] : p.parameters)
    if (k == key) return v;
  return std::nullopt;
}

// The distinct values a key takes, in order of appearance (numeric ones sorted).
struct KeyValues {
  std::vector<std::string> values;
  bool numeric = true;
};
KeyValues key_values(const SweepReportInput& in, const std::string& key) {
  KeyValues kv;
  for (const auto& p : in.points) {
    const auto v = value_of(p, key);
    if (!v) continue;
    if (std::find(kv.values.begin(), kv.values.end(), *v) == kv.values.end()) kv.values.push_back(*v);
    if (!parse_number(*v)) kv.numeric = false;
  }
  if (kv.numeric)
    std::stable_sort(kv.values.begin(), kv.values.end(),
                     [](const std::string& a, const std::string& b) { return *parse_number(a) < *parse_number(b); });
  return kv;
}

// Values of share metrics are charted in percent.
double chart_factor(const std::string& metric) { return metric_kind(metric) == MetricKind::share ? 100 : 1; }
std::string chart_unit(const std::string& metric) {
  switch (metric_kind(metric)) {
    case MetricKind::share:
      return "%";
    case MetricKind::score:
      return "0–100";
    case MetricKind::currency:
      return "MXN";
    default:
      return "";
  }
}

// One replicate has no interval: its bounds read "–" rather than the mean twice.
std::string bound(const std::string& metric, const Estimate& e, double value) {
  return e.n > 1 ? format_metric(metric, value) : std::string("–");
}

std::string interval_text(const std::string& metric, const Estimate& e) {
  if (e.n < 2) return format_metric(metric, e.mean) + " (one replicate: no interval)";
  return format_metric(metric, e.mean) + " (" + format_metric(metric, e.ci_low) + " to " +
         format_metric(metric, e.ci_high) + ", n=" + std::to_string(e.n) + ")";
}

std::string short_key(const std::string& key) {
  const auto dot = key.rfind('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

std::string response_panel(const SweepReportInput& in, const std::string& key, const std::string& metric, bool connect,
                           int colour) {
  const KeyValues kv = key_values(in, key);
  svg::ResponseCurve c;
  c.title = metric_label(metric);
  c.x_label = key;
  c.y_label = chart_unit(metric);
  c.categorical = !kv.numeric;
  c.connect = connect;
  c.colour = colour;
  c.width = 340;
  c.height = 230;
  const double f = chart_factor(metric);
  for (const auto& p : in.points) {
    const auto v = value_of(p, key);
    const Estimate* e = find_metric(p, metric);
    if (!v || !e) continue;
    svg::ResponsePoint rp;
    rp.x_label = *v;
    if (kv.numeric) {
      rp.x = *parse_number(*v);
    } else {
      rp.x = static_cast<double>(std::find(kv.values.begin(), kv.values.end(), *v) - kv.values.begin());
    }
    rp.mean = f * e->mean;
    rp.low = f * e->ci_low;
    rp.high = f * e->ci_high;
    rp.tooltip = p.label + ": " + metric_label(metric) + " " + interval_text(metric, *e);
    c.points.push_back(rp);
  }
  return svg::response_curve(c);
}

std::string heatmap_panel(const SweepReportInput& in, const std::string& kx, const std::string& ky,
                          const std::string& metric) {
  const KeyValues vx = key_values(in, kx), vy = key_values(in, ky);
  svg::Heatmap h;
  h.title = metric_label(metric);
  h.x_label = short_key(kx);
  h.y_label = short_key(ky);
  h.value_label = chart_unit(metric).empty() ? "mean" : "mean (" + chart_unit(metric) + ")";
  h.x_categories = vx.values;
  h.y_categories = vy.values;
  h.width = 520;
  const std::size_t nx = vx.values.size(), ny = vy.values.size();
  h.values.assign(ny, std::vector<double>(nx, 0));
  h.has_value.assign(ny, std::vector<bool>(nx, false));
  h.cell_text.assign(ny, std::vector<std::string>(nx));
  h.tooltips.assign(ny, std::vector<std::string>(nx));
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& p : in.points) {
    const auto x = value_of(p, kx), y = value_of(p, ky);
    const Estimate* e = find_metric(p, metric);
    if (!x || !y || !e) continue;
    const auto xi = static_cast<std::size_t>(std::find(vx.values.begin(), vx.values.end(), *x) - vx.values.begin());
    const auto yi = static_cast<std::size_t>(std::find(vy.values.begin(), vy.values.end(), *y) - vy.values.begin());
    if (h.has_value[yi][xi]) continue;
    h.has_value[yi][xi] = true;
    h.values[yi][xi] = e->mean;
    h.cell_text[yi][xi] = format_metric(metric, e->mean);
    h.tooltips[yi][xi] = p.label + ": " + metric_label(metric) + " " + interval_text(metric, *e);
    lo = std::min(lo, e->mean);
    hi = std::max(hi, e->mean);
  }
  if (std::isfinite(lo)) {
    h.low_text = format_metric(metric, lo);
    h.high_text = format_metric(metric, hi);
  }
  return svg::heatmap(h);
}

// True when no two points share a combination of the two keys (a full or partial grid).
bool is_grid(const SweepReportInput& in, const std::string& a, const std::string& b) {
  std::vector<std::pair<std::string, std::string>> seen;
  for (const auto& p : in.points) {
    const auto x = value_of(p, a), y = value_of(p, b);
    if (!x || !y) return false;
    const std::pair<std::string, std::string> cell{*x, *y};
    if (std::find(seen.begin(), seen.end(), cell) != seen.end()) return false;
    seen.push_back(cell);
  }
  return true;
}

}  // namespace

std::string sweep_report_html(const SweepReportInput& in) {
  const std::string name = in.name.empty() ? std::string("sweep") : in.name;
  std::vector<std::string> keys = in.varied_keys;
  if (keys.empty())
    for (const auto& p : in.points)
      for (const auto& [k, v] : p.parameters)
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  std::vector<std::string> metrics;
  for (const auto& m : main_metrics())
    if (std::any_of(in.points.begin(), in.points.end(), [&](const auto& p) { return find_metric(p, m) != nullptr; }))
      metrics.push_back(m);

  HtmlPage page("pasante sweep: " + name);
  std::string joined;
  for (const auto& k : keys) joined += (joined.empty() ? "" : ", ") + k;
  page.header("pasante · sweep report", name,
              {{"Design", in.design.empty() ? std::string("grid") : in.design},
               {"Points", std::to_string(in.points.size())},
               {"Replicates per point", std::to_string(in.replicates)},
               {"Varied", joined.empty() ? std::string("nothing") : joined}});

  std::vector<KeyFigure> figures{{"Design points", std::to_string(in.points.size()), "parameter combinations run"},
                                 {"Runs", svg::thousands(static_cast<double>(in.points.size()) * in.replicates),
                                  std::to_string(in.replicates) + " replicate seeds per point"}};
  for (const char* m : {"refusal_rate", "intern_security_mean_end"}) {
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& p : in.points)
      if (const Estimate* e = find_metric(p, m)) lo = std::min(lo, e->mean), hi = std::max(hi, e->mean);
    if (std::isfinite(lo))
      figures.push_back({metric_label(m).substr(0, metric_label(m).find(" (")),
                         format_metric(m, lo) + " – " + format_metric(m, hi), "range of the points' means"});
  }
  page.key_figures(figures);

  // Responses.
  if (!in.points.empty() && !keys.empty() && !metrics.empty()) {
    const bool lhs = in.design == "lhs";
    if (keys.size() == 2 && !lhs && is_grid(in, keys[0], keys[1])) {
      page.open_section("response", "How the metrics respond",
                        "One heatmap per metric over the two varied parameters: each cell is a design point, coloured "
                        "by the mean over its replicates (dark = low, yellow = high; the scale is the metric's own). "
                        "Hover over a cell for its 95% interval. Grey cells were not run.");
      page.raw("<div class=\"grid2\">\n");
      for (const auto& m : metrics) page.raw(heatmap_panel(in, keys[0], keys[1], m));
      page.raw("</div>\n");
    } else if (keys.size() == 1) {
      page.open_section("response", "How the metrics respond to " + keys[0],
                        "Each dot is the mean of a metric over a design point's replicates; bars are 95% intervals "
                        "for that mean. A flat line means the parameter barely matters within the range swept.");
      page.raw("<div class=\"multiples\">\n");
      for (const auto& m : metrics) page.raw(response_panel(in, keys[0], m, !lhs, 0));
      page.raw("</div>\n");
    } else {
      page.open_section(
          "response", "How the metrics respond, one parameter at a time",
          "Each panel plots a metric against one varied parameter; every dot is a design point (the other "
          "parameters vary too, so the spread around a trend is their effect), with its 95% interval.");
      const std::size_t shown = std::min<std::size_t>(metrics.size(), 6);
      for (std::size_t k = 0; k < keys.size(); ++k) {
        page.raw("<h3>" + svg::escape(keys[k]) + "</h3>\n<div class=\"multiples\">\n");
        for (std::size_t i = 0; i < shown; ++i)
          page.raw(response_panel(in, keys[k], metrics[i], false, static_cast<int>(k)));
        page.raw("</div>\n");
      }
    }
    page.close_section();
  }

  // Which parameters matter: partial rank correlations over the points.
  if (!in.points.empty() && !keys.empty()) {
    const SensitivityAnalysis sa = sensitivity_analysis(in);
    std::string left_out;
    for (const auto& [key, why] : sa.left_out) left_out += (left_out.empty() ? "" : "; ") + key + " (" + why + ")";
    page.open_section(
        "sensitivity", "Which parameters matter",
        "The partial rank correlation (PRCC) of each main metric with each varied parameter, over the design "
        "points' means: near +1 when the metric rises with the parameter whatever the other parameters do, near "
        "−1 when it falls, near 0 when it does not follow the parameter within the ranges swept. PRCC says how "
        "consistently a metric follows a parameter, not how much it moves: hover over a square for the change "
        "across the parameter's range (from a linear fit). Lines are 95% intervals (Fisher's z); a filled "
        "square means the interval excludes zero. Every metric is in sensitivity.csv, with its p-value and "
        "Holm's adjusted p-value.");
    if (!left_out.empty()) page.paragraph("Left out: " + left_out + ".");
    svg::ForestPlot plot;
    plot.x_label = "partial rank correlation coefficient";
    plot.series = sa.parameters;
    for (const auto& m : metrics)
      for (std::size_t k = 0; k < sa.parameters.size(); ++k)
        for (const auto& index : sa.indices)
          if (index.metric == m && index.parameter == sa.parameters[k] && index.prcc.defined) {
            const PartialCorrelation& c = index.prcc;
            svg::ForestRow row;
            row.label = metric_label(m);
            row.estimate = c.r, row.low = c.ci_low, row.high = c.ci_high;
            row.series = static_cast<int>(k);
            row.value_text = signed_fixed(c.r, 2);
            const auto p_text = [](double p) {
              return p < 0.001 ? std::string("< 0.001") : "= " + svg::fixed(p, 3);
            };
            row.tooltip = metric_label(m) + " and " + sa.parameters[k] + ": PRCC " + signed_fixed(c.r, 3) + " [" +
                          signed_fixed(c.ci_low, 3) + ", " + signed_fixed(c.ci_high, 3) + "], p " +
                          p_text(c.p_value) + " (Holm " + p_text(index.p_holm) + "), " +
                          std::to_string(index.points) + " points; across the range the metric changes by " +
                          (std::isfinite(index.change_across_range)
                               ? (index.change_across_range >= 0 ? "+" : "") +
                                     format_metric(m, index.change_across_range)
                               : std::string("(no linear fit)"));
            plot.rows.push_back(std::move(row));
          }
    if (!plot.rows.empty()) {
      int tests = 0, excluding = 0, after_holm = 0;
      for (const auto& index : sa.indices)
        if (index.prcc.defined) {
          ++tests;
          excluding += index.prcc.ci_low > 0 || index.prcc.ci_high < 0;
          after_holm += index.p_holm < 0.05;
        }
      page.paragraph(std::to_string(excluding) + " of the " + std::to_string(tests) +
                     " intervals in sensitivity.csv exclude zero, where chance alone would give about " +
                     svg::fixed(0.05 * tests, 1) + "; " + std::to_string(after_holm) +
                     " remain significant after Holm's correction for looking at them all.");
      page.raw(svg::forest_plot(plot));
    }
    else if (!sa.parameters.empty() && sa.points < sa.points_needed)
      page.paragraph("A partial rank correlation over " + std::to_string(sa.parameters.size()) +
                     " numeric parameters needs at least " + std::to_string(sa.points_needed) +
                     " design points; this sweep has " + std::to_string(sa.points) + ".");
    else if (sa.parameters.empty())
      page.paragraph("No varied parameter takes two or more numeric values, so there is nothing to correlate.");
    else
      page.paragraph("No main metric varies across the design points.");
    page.close_section();
  }

  // Point × main metric table, then every metric in long form.
  if (!in.points.empty()) {
    page.open_section("points", "Design points",
                      "The mean of each main metric over a point's replicates, with its 95% interval in brackets.");
    std::vector<std::string> header{"point"};
    std::vector<bool> numeric{false};
    for (const auto& k : keys) header.push_back(short_key(k)), numeric.push_back(true);
    for (const auto& m : metrics) header.push_back(metric_label(m)), numeric.push_back(true);
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < in.points.size(); ++i) {
      const auto& p = in.points[i];
      std::vector<std::string> row{p.label.empty() ? std::to_string(i + 1) : p.label};
      for (const auto& k : keys) {  // numbers to about four significant digits, as in the points' labels
        const std::string v = value_of(p, k).value_or("");
        const auto number = parse_number(v);
        row.push_back(number ? short_number(*number) : v);
      }
      for (const auto& m : metrics) {
        const Estimate* e = find_metric(p, m);
        row.push_back(!e ? std::string()
                      : e->n > 1 ? format_metric(m, e->mean) + " [" + format_metric(m, e->ci_low) + ", " +
                                       format_metric(m, e->ci_high) + "]"
                                 : format_metric(m, e->mean));
      }
      rows.push_back(std::move(row));
    }
    page.raw(html_table(header, rows, numeric));
    std::vector<std::vector<std::string>> all;
    for (std::size_t i = 0; i < in.points.size(); ++i)
      for (const auto& m : in.points[i].metrics)
        all.push_back({in.points[i].label.empty() ? std::to_string(i + 1) : in.points[i].label, metric_label(m.metric),
                       format_metric(m.metric, m.estimate.mean), bound(m.metric, m.estimate, m.estimate.ci_low),
                       bound(m.metric, m.estimate, m.estimate.ci_high),
                       m.estimate.n > 1 ? svg::readable(m.estimate.sd) : std::string("–"),
                       std::to_string(m.estimate.n)});
    page.raw("<details><summary>Every metric of every point</summary>\n");
    page.raw(html_table({"point", "metric", "mean", "95% low", "95% high", "sd", "n"}, all,
                        {false, false, true, true, true, true, true}));
    page.raw("</details>\n");
    page.close_section();
  }

  // Series bands.
  std::vector<NamedSeries> series;
  for (const auto& p : in.points)
    for (const auto& s : p.series) series.push_back({p.label, &s});
  if (!series.empty()) {
    page.open_section("series", "Along the run",
                      "Each line is a design point's mean over its replicates, period by period, for the whole "
                      "jurisdiction; the shaded band is the 95% interval of that mean.");
    page.raw(series_band_charts(series));
    page.close_section();
  }
  return page.finish();
}

}  // namespace pasante::analysis
