// Internal helpers shared by the three report pages (report_run.cpp,
// report_sweep.cpp, report_comparison.cpp): how metrics are named and
// formatted for readers, and the HTML page skeleton with its inline CSS.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/report.hpp"

namespace pasante::analysis::report {

// ------------------------------------------------------------------ metrics

enum class MetricKind {
  share,     // 0..1, shown as a percentage; differences in percentage points
  score,     // 0..100 intern scales (security, stress); differences in points
  currency,  // MXN
  ratio,     // a ratio or index, shown with a few significant digits
  count,     // events, people
};
MetricKind metric_kind(std::string_view name);
// A reader's name for a summary metric ("Visits turned away"); unknown names
// are de-underscored.
std::string metric_label(std::string_view name);
// The metric's value as a reader sees it: "69.3%", "38.7", "$1,647,374", "27".
std::string format_metric(std::string_view name, double value);
// A difference of two values of the metric: "−1.2 pp", "+3.4 pts", "+5.1%" (relative).
// Also gives the scale factor to apply to the raw difference and the unit text.
struct DifferenceScale {
  double factor = 1;       // multiply a raw difference (or divide by base for relative) by this
  bool relative = false;   // true: difference ÷ |base mean| × 100
  std::string unit;        // "percentage points", "points", "% of the base"
  std::string short_unit;  // "pp", "pts", "%"
};
DifferenceScale difference_scale(std::string_view name);
std::string signed_fixed(double value, int decimals);

// The metrics the sweep and comparison pages chart (the tables show all).
const std::vector<std::string>& main_metrics();

// ----------------------------------------------------------------- the page

struct KeyFigure {
  std::string label, value, note;
};

class HtmlPage {
 public:
  explicit HtmlPage(std::string_view title);
  // The dark banner: a small kicker line, the title and a row of facts.
  void header(std::string_view kicker, std::string_view title,
              const std::vector<std::pair<std::string, std::string>>& facts);
  void key_figures(const std::vector<KeyFigure>& figures);
  // A card with a heading and a plain-language caption (both escaped).
  void open_section(std::string_view id, std::string_view heading, std::string_view caption);
  void close_section();
  // Verbatim HTML (charts, tables, <div class="grid2">…).
  void raw(std::string_view html);
  // A short paragraph of escaped text.
  void paragraph(std::string_view text, std::string_view css_class = "note");
  std::string finish();

 private:
  std::string html_;
};

// A table in a scrolling box (class "full": no height limit); `numeric[i]`
// right-aligns column i. Cells are escaped.
std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& numeric, std::string_view css_class = {});

// True when the last of `days` (each period's last day, increasing) closes a
// shorter period than the one before: a run whose length is not a whole
// number of periods ends with a short one, whose counts would look like a
// collapse, so charts leave it out.
template <class Day>
bool ends_with_short_period(const std::vector<Day>& days) {
  const std::size_t n = days.size();
  return n >= 3 && days[n - 1] - days[n - 2] < days[n - 2] - days[n - 3];
}

// Band charts of replicate series: one chart per metric, a line and band per
// arm (without a short last period).
struct NamedSeries {
  std::string arm;
  const SeriesBand* band = nullptr;
};
std::string series_band_charts(const std::vector<NamedSeries>& series);

}  // namespace pasante::analysis::report
