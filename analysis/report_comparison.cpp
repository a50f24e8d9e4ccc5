// The report of a comparison of policy arms: forest plots of the paired
// differences (variant − base) grouped by scale, how much common random
// numbers narrowed the intervals, every metric, and series bands.
#include <algorithm>
#include <cmath>
#include <optional>

#include "analysis/report.hpp"
#include "analysis/report_html.hpp"
#include "analysis/svg_charts.hpp"
#include "analysis/svg_common.hpp"

namespace pasante::analysis {

namespace {

using namespace report;

const ComparisonRow* find_row(const ComparisonArm& arm, std::string_view metric) {
  for (const auto& r : arm.rows)
    if (r.metric == metric) return &r;
  return nullptr;
}

// A difference and its interval on the scale its family is drawn in
// (percentage points, points, or percent of the base mean).
struct Scaled {
  double diff = 0, low = 0, high = 0;
};
std::optional<Scaled> scaled(const ComparisonRow& r) {
  const DifferenceScale s = difference_scale(r.metric);
  double f = s.factor;
  if (s.relative) {
    if (std::fabs(r.base_mean) < 1e-12) return std::nullopt;
    f /= std::fabs(r.base_mean);
  }
  return Scaled{f * r.diff, f * r.ci_low, f * r.ci_high};
}

// "−1.2 pp", "+3.4 pts", "+5.1%".
std::string with_unit(const std::string& number, std::string_view metric) {
  const std::string unit = difference_scale(metric).short_unit;
  return number + (unit == "%" ? "" : " ") + unit;
}

std::string diff_text(const ComparisonRow& r) {
  const auto s = scaled(r);
  if (!s) return "base is 0";
  const int d = std::fabs(s->high - s->low) < 0.2 ? 2 : 1;
  return with_unit(signed_fixed(s->diff, d), r.metric) + " [" + signed_fixed(s->low, d) + ", " +
         signed_fixed(s->high, d) + "]";
}

double paired_half(const ComparisonRow& r) { return (r.ci_high - r.ci_low) / 2; }

std::optional<double> narrowing(const ComparisonRow& r) {
  if (r.unpaired_half_width <= 0) return std::nullopt;
  return 1 - paired_half(r) / r.unpaired_half_width;
}

struct Family {
  std::string id, title, caption, x_label;
  std::vector<std::string> metrics;
};

std::vector<Family> families() {
  return {
      {"care",
       "Care and need",
       "Differences in shares of visits or needs, in percentage points (pp).",
       "difference, percentage points",
       {"refusal_rate", "treated_rate", "hidden_unmet_need_rate", "referral_rate", "stockout_days_share",
        "diabetes_controlled_share", "intern_dropout_rate", "women_harassed_share"}},
      {"reasons",
       "Why visits were turned away",
       "Differences in the share of visits turned away for each reason (pp).",
       "difference, percentage points",
       {"refusal_rate_no_doctor", "refusal_rate_closed_violence", "refusal_rate_capacity", "refusal_rate_stockout",
        "refusal_rate_beyond_competence"}},
      {"interns",
       "Interns",
       "Differences in interns' mean security and stress at the end, in points of the 0–100 scales.",
       "difference, points (0–100 scale)",
       {"intern_security_mean_end", "intern_stress_mean_end"}},
      {"relative",
       "Counts, costs and indices",
       "Differences relative to the base arm's mean, in percent (so metrics of different sizes share one axis).",
       "difference, % of the base mean",
       {"report_inflation_ratio", "medicine_mismatch_index", "deaths", "complications", "violence_events",
        "cost_total_mxn", "cost_per_treated_visit_mxn"}},
  };
}

}  // namespace

std::string comparison_report_html(const ComparisonReportInput& in) {
  const std::string base = in.base_name.empty() ? std::string("base") : in.base_name;
  std::string variants;
  for (const auto& v : in.variants) variants += (variants.empty() ? "" : ", ") + v.name;
  const std::string title = in.variants.size() <= 3 && !variants.empty()
                                ? variants + " vs " + base
                                : base + " vs " + std::to_string(in.variants.size()) + " variants";
  HtmlPage page("pasante comparison: " + title);
  page.header("pasante · comparison report", title,
              {{"Base", base},
               {"Variants", variants.empty() ? std::string("none") : variants},
               {"Replicates", std::to_string(in.replicates) + " paired seeds per arm (common random numbers)"}});

  // Key figures: the headline differences of a single variant, or the
  // refusal-rate difference of each variant.
  std::vector<KeyFigure> figures;
  if (in.variants.size() == 1) {
    for (const char* m : {"refusal_rate", "treated_rate", "hidden_unmet_need_rate", "intern_security_mean_end",
                          "deaths", "cost_total_mxn"})
      if (const ComparisonRow* r = find_row(in.variants[0], m))
        if (const auto s = scaled(*r))
          figures.push_back({metric_label(m).substr(0, metric_label(m).find(" (")),
                             with_unit(signed_fixed(s->diff, 1), m),
                             format_metric(m, r->base_mean) + " → " + format_metric(m, r->variant_mean) + "; 95% " +
                                 signed_fixed(s->low, 1) + " to " + signed_fixed(s->high, 1)});
  } else {
    for (const auto& v : in.variants)
      if (const ComparisonRow* r = find_row(v, "refusal_rate"))
        if (const auto s = scaled(*r))
          figures.push_back({v.name, signed_fixed(s->diff, 1) + " pp",
                             "visits turned away: " + format_metric("refusal_rate", r->base_mean) + " → " +
                                 format_metric("refusal_rate", r->variant_mean)});
  }
  page.key_figures(figures);

  // Forest plots, one per family of metrics on a common scale.
  std::vector<std::string> arm_names;
  for (const auto& v : in.variants) arm_names.push_back(v.name);
  // One label column width for every plot, so their axes line up.
  double label_width = 0;
  for (const Family& fam : families())
    for (const auto& m : fam.metrics) label_width = std::max(label_width, svg::text_width(metric_label(m), 12) + 14);
  label_width = std::min(label_width, 900 * 0.36);
  bool opened = false;
  for (const Family& fam : families()) {
    svg::ForestPlot plot;
    plot.title = fam.title;
    plot.x_label = fam.x_label;
    plot.series = arm_names;
    plot.width = 900;
    plot.label_width = label_width;
    for (const auto& m : fam.metrics)
      for (std::size_t vi = 0; vi < in.variants.size(); ++vi) {
        const ComparisonRow* r = find_row(in.variants[vi], m);
        if (!r) continue;
        const auto s = scaled(*r);
        if (!s) continue;
        svg::ForestRow row;
        row.label = metric_label(m);
        row.estimate = s->diff;
        row.low = s->low;
        row.high = s->high;
        row.series = static_cast<int>(vi);
        row.value_text = diff_text(*r);
        row.tooltip = in.variants[vi].name + " − " + base + ", " + metric_label(m) + ": " +
                      format_metric(m, r->base_mean) + " → " + format_metric(m, r->variant_mean) + "; difference " +
                      diff_text(*r) + " (95% paired interval)";
        plot.rows.push_back(std::move(row));
      }
    if (plot.rows.empty()) continue;
    if (!opened) {
      page.open_section("differences", "What changes",
                        "Each square is a variant's mean difference from the base arm (variant − base) over paired "
                        "replicates run with the same seeds; the line is its 95% interval. A filled square means the "
                        "interval excludes zero (the dashed line); a hollow one means the runs cannot tell the arms "
                        "apart on that metric. Metrics are grouped by the scale their difference is measured in.");
      opened = true;
    }
    page.raw("<p class=\"note\">" + svg::escape(fam.caption) + "</p>\n");
    page.raw(svg::forest_plot(plot));
  }
  if (opened) page.close_section();

  // How much pairing narrowed the intervals.
  if (!in.variants.empty()) {
    page.open_section("pairing", "What common random numbers bought",
                      "Arms run with the same seeds share their random draws, so much of the noise cancels in the "
                      "difference. The bars show by how much the paired 95% interval is narrower than it would be with "
                      "independent seeds; n× is the number of independent replicates it would take to match.");
    std::string medians;
    for (const auto& v : in.variants) {
      std::vector<double> all;
      for (const auto& r : v.rows)
        if (const auto n = narrowing(r)) all.push_back(*n);
      if (all.empty()) continue;
      std::sort(all.begin(), all.end());
      medians += (medians.empty() ? "" : "; ") + v.name + " " + svg::fixed(100 * all[all.size() / 2], 0) + "%";
    }
    if (!medians.empty()) page.paragraph("Median narrowing over every metric: " + medians + ".");
    page.raw("<div class=\"grid2\">\n");
    for (const auto& v : in.variants) {
      svg::BarChart c;
      c.title = v.name + " − " + base;
      c.value_label = "interval narrower by pairing, %";
      c.width = 540;
      for (const auto& m : main_metrics())
        if (const ComparisonRow* r = find_row(v, m))
          if (const auto n = narrowing(*r)) {
            const double ratio = paired_half(*r) > 0 ? r->unpaired_half_width / paired_half(*r) : 0;
            c.bars.push_back(
                {metric_label(m), std::max(0.0, 100 * *n),
                 svg::fixed(100 * *n, 0) + "%" + (ratio > 0 ? " (" + svg::fixed(ratio * ratio, 1) + "×)" : ""),
                 metric_label(m) + ": paired ±" + svg::readable(paired_half(*r)) + ", independent ±" +
                     svg::readable(r->unpaired_half_width)});
          }
      if (c.bars.empty()) continue;
      page.raw(svg::bar_chart(c));
    }
    page.raw("</div>\n");
    page.close_section();
  }

  // Every metric.
  for (std::size_t vi = 0; vi < in.variants.size(); ++vi) {
    const ComparisonArm& v = in.variants[vi];
    page.open_section("table-" + std::to_string(vi + 1), "Every metric: " + v.name + " vs " + base,
                      "Base is " + base + ", variant is " + v.name +
                          ". Differences are variant − base with their paired 95% interval; the last columns "
                          "compare the interval's half-width with pairing and with independent seeds, and give "
                          "how closely the two arms' replicates move together (pairing narrows the interval only "
                          "as far as they do).");
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : v.rows) {
      const auto n = narrowing(r);
      rows.push_back({metric_label(r.metric), format_metric(r.metric, r.base_mean),
                      format_metric(r.metric, r.variant_mean),
                      svg::readable(r.diff) + " [" + svg::readable(r.ci_low) + ", " + svg::readable(r.ci_high) + "]",
                      diff_text(r), "±" + svg::readable(paired_half(r)), "±" + svg::readable(r.unpaired_half_width),
                      n ? svg::fixed(100 * *n, 0) + "%" : "–",
                      std::isfinite(r.arm_correlation) ? svg::fixed(r.arm_correlation, 2) : "–"});
    }
    page.raw(html_table({"metric", "base", "variant", "difference [95% interval]", "on the charts' scale", "paired ±",
                         "independent ±", "narrowed", "arms' correlation"},
                        rows, {false, true, true, true, true, true, true, true, true}));
    page.close_section();
  }

  // Series bands.
  std::vector<NamedSeries> series;
  for (const auto& s : in.base_series) series.push_back({base, &s});
  for (const auto& v : in.variants)
    for (const auto& s : v.series) series.push_back({v.name, &s});
  if (!series.empty()) {
    page.open_section("series", "Along the run",
                      "Each arm's mean over its replicates, period by period, for the whole jurisdiction; the shaded "
                      "band is the 95% interval of that mean.");
    page.raw(series_band_charts(series));
    page.close_section();
  }
  return page.finish();
}

}  // namespace pasante::analysis
