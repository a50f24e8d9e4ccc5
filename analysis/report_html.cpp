#include "analysis/report_html.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "analysis/svg_charts.hpp"
#include "core/build_info.hpp"

namespace pasante::analysis::report {

using svg::escape;
using svg::fixed;

namespace {

bool ends_with(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

const std::map<std::string, std::string, std::less<>>& labels() {
  static const std::map<std::string, std::string, std::less<>> m{
      {"refusal_rate", "Visits turned away"},
      {"refusal_rate_no_doctor", "Turned away: no doctor"},
      {"refusal_rate_closed_violence", "Turned away: closed by violence"},
      {"refusal_rate_capacity", "Turned away: over capacity"},
      {"refusal_rate_stockout", "Turned away: medicine out of stock"},
      {"refusal_rate_beyond_competence", "Turned away: beyond the intern's competence"},
      {"treated_rate", "Visits treated"},
      {"hidden_unmet_need_rate", "Hidden unmet need"},
      {"hidden_unmet_need_rate_low_trust", "Hidden need: low trust"},
      {"hidden_unmet_need_rate_distance", "Hidden need: distance and poverty"},
      {"hidden_unmet_need_rate_road_closed", "Hidden need: road closed or curfew"},
      {"referral_rate", "Visits referred to the hospital"},
      {"referral_failure_rate", "Referrals not treated"},
      {"interns", "Interns"},
      {"interns_with_refusal_share", "Interns who turned someone away"},
      {"intern_security_mean_end", "Intern security (0–100)"},
      {"intern_stress_mean_end", "Intern stress (0–100)"},
      {"intern_competence_mean_end", "Intern competence (0–1)"},
      {"women_harassed_share", "Women interns harassed"},
      {"intern_dropout_rate", "Interns who dropped out"},
      {"intern_relocation_rate", "Interns relocated for safety"},
      {"left_profession_rate", "Finished interns who left medicine"},
      {"study_hours_per_intern", "Study hours per intern"},
      {"true_consultations", "Consultations given"},
      {"reported_consultations", "Consultations reported"},
      {"report_inflation_ratio", "Report inflation (reported ÷ true)"},
      {"audit_findings", "Audits that found inflation"},
      {"medicine_mismatch_index", "Medicine mismatch index (0–1)"},
      {"stockout_days_share", "Medicine-days out of stock"},
      {"units_expired_share", "Medicine units expired"},
      {"shipments_robbed", "Shipments robbed"},
      {"supervision_visits_per_month_done", "Supervision visits per intern-month"},
      {"supervision_cancelled_share", "Supervision visits cancelled"},
      {"supervision_remote_sessions", "Remote supervision sessions"},
      {"diabetes_controlled_share", "Diabetics under control"},
      {"complications", "Complications of chronic disease"},
      {"deaths", "Deaths"},
      {"violence_events", "Violent events"},
      {"trauma_cases", "Trauma cases"},
      {"cost_medicines_mxn", "Cost of medicines (MXN)"},
      {"cost_stipends_mxn", "Cost of stipends (MXN)"},
      {"cost_supervision_mxn", "Cost of supervision (MXN)"},
      {"cost_total_mxn", "Total cost (MXN)"},
      {"cost_per_treated_visit_mxn", "Cost per treated visit (MXN)"},
      {"residents", "Residents"},
      {"clinics", "Clinics"},
      // Time series.
      {"needs", "Needs falling due"},
      {"visits_sought", "Visits sought"},
      {"treated", "Visits treated"},
      {"refused", "Visits turned away"},
      {"refused_no_doctor", "Turned away: no doctor"},
      {"refused_closed_violence", "Turned away: closed by violence"},
      {"refused_capacity", "Turned away: over capacity"},
      {"refused_stockout", "Turned away: out of stock"},
      {"refused_beyond_competence", "Turned away: beyond competence"},
      {"hidden_unmet_need", "Needs never taken to a clinic"},
      {"referrals", "Referrals"},
      {"referrals_failed", "Referrals not treated"},
      {"interns_serving", "Interns serving"},
      {"intern_security_mean", "Intern security (0–100)"},
      {"intern_stress_mean", "Intern stress (0–100)"},
  };
  return m;
}

}  // namespace

MetricKind metric_kind(std::string_view name) {
  if (name == "intern_security_mean_end" || name == "intern_stress_mean_end" || name == "intern_security_mean" ||
      name == "intern_stress_mean")
    return MetricKind::score;
  if (ends_with(name, "_mxn")) return MetricKind::currency;
  if (ends_with(name, "_rate") || ends_with(name, "_share") || name.find("_rate_") != std::string_view::npos)
    return MetricKind::share;
  if (name == "report_inflation_ratio" || name == "medicine_mismatch_index" || name == "intern_competence_mean_end" ||
      name == "supervision_visits_per_month_done" || name == "study_hours_per_intern")
    return MetricKind::ratio;
  return MetricKind::count;
}

std::string metric_label(std::string_view name) {
  const auto& m = labels();
  if (const auto it = m.find(name); it != m.end()) return it->second;
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string format_metric(std::string_view name, double value) {
  if (std::isnan(value)) return "n/a";  // undefined (nothing to divide by)
  switch (metric_kind(name)) {
    case MetricKind::share:
      return fixed(100 * value, 1) + "%";
    case MetricKind::score:
      return fixed(value, 1);
    case MetricKind::currency:
      if (std::fabs(value) >= 1e6) return "$" + fixed(value / 1e6, 2) + " M";
      if (std::fabs(value) >= 1000) return "$" + svg::thousands(value);
      return "$" + fixed(value, 2);
    case MetricKind::ratio:
      return svg::readable(value);
    case MetricKind::count:  // a mean over replicates may be fractional
      if (std::fabs(value - std::round(value)) < 1e-9 || std::fabs(value) >= 1000) return svg::thousands(value);
      return fixed(value, 1);
  }
  return svg::readable(value);
}

DifferenceScale difference_scale(std::string_view name) {
  switch (metric_kind(name)) {
    case MetricKind::share:
      return {100, false, "percentage points", "pp"};
    case MetricKind::score:
      return {1, false, "points on the 0–100 scale", "pts"};
    default:
      return {100, true, "% of the base arm's mean", "%"};
  }
}

std::string signed_fixed(double value, int decimals) {
  std::string s = fixed(value, decimals);
  if (s.front() == '-') return "\u2212" + s.substr(1);  // a true minus sign
  if (s.find_first_not_of("0.") == std::string::npos) return s;
  return "+" + s;
}

const std::vector<std::string>& main_metrics() {
  static const std::vector<std::string> m{"refusal_rate",
                                          "treated_rate",
                                          "hidden_unmet_need_rate",
                                          "intern_security_mean_end",
                                          "intern_stress_mean_end",
                                          "intern_dropout_rate",
                                          "report_inflation_ratio",
                                          "medicine_mismatch_index",
                                          "stockout_days_share",
                                          "diabetes_controlled_share",
                                          "deaths",
                                          "cost_total_mxn",
                                          "cost_per_treated_visit_mxn"};
  return m;
}

// --------------------------------------------------------------------- page

namespace {

constexpr const char* kCss = R"css(
:root{--ink:#1b1b1b;--muted:#5b5b5b;--line:#e3e1db;--accent:#0b5cad;--bg:#f6f4ef}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.55 system-ui,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
header.top{background:#15304f;color:#fff;padding:26px 0 22px}
header.top .inner,main,footer{max-width:1140px;margin:0 auto;padding-left:32px;padding-right:32px}
header.top .kicker{text-transform:uppercase;letter-spacing:.09em;font-size:12px;opacity:.75}
header.top h1{margin:4px 0 10px;font-size:30px;line-height:1.2;font-weight:650}
header.top .facts{display:flex;flex-wrap:wrap;gap:4px 26px;font-size:14px}
header.top .facts span b{font-weight:600;opacity:.7;margin-right:6px}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:12px;margin:22px 0 6px}
.figure{background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px 16px}
.figure .value{font-size:30px;font-weight:650;line-height:1.15;font-variant-numeric:tabular-nums;color:#15304f}
.figure .label{font-size:13px;font-weight:600;margin-top:2px}
.figure .note{font-size:12px;color:var(--muted)}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 24px 20px;margin:18px 0}
section h2{font-size:20px;line-height:1.3;margin:0 0 4px}
section h3{font-size:16px;margin:16px 0 4px}
p.caption{color:var(--muted);margin:0 0 14px;max-width:80ch}
p.note{color:var(--muted);font-size:13px;margin:8px 0}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:18px 26px;align-items:start}
.multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:14px 18px}
svg.chart{display:block;max-width:100%;height:auto;margin:0 auto}
table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
th,td{padding:5px 10px;border-bottom:1px solid #eeece6;text-align:left;vertical-align:top}
th{background:#f3f1ec;font-weight:600;position:sticky;top:0}
td.num,th.num{text-align:right;white-space:nowrap}
tr:hover td{background:#faf8f3}
td code{font-size:12px;color:var(--muted)}
.table-wrap{overflow:auto;max-height:560px;border:1px solid #eeece6;border-radius:6px}
.table-wrap.full{max-height:none}
.table-wrap td:first-child{min-width:13em}
details{margin-top:12px}
details summary{cursor:pointer;color:var(--accent);font-weight:600}
.clear{font-weight:600}
footer{color:var(--muted);font-size:12px;padding-top:8px;padding-bottom:32px}
@media print{body{background:#fff}section{break-inside:avoid;border:none}}
)css";

}  // namespace

HtmlPage::HtmlPage(std::string_view title) {
  // A Content-Security-Policy that forbids every request: the report is
  // readable offline and cannot reach the network even by mistake.
  html_ =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "img-src data:\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"pasante " +
      escape(kVersion) + "\">\n<link rel=\"icon\" href=\"data:,\">\n<title>" + escape(title) + "</title>\n<style>" +
      kCss + "</style>\n</head>\n<body>\n";
}

void HtmlPage::header(std::string_view kicker, std::string_view title,
                      const std::vector<std::pair<std::string, std::string>>& facts) {
  html_ += "<header class=\"top\"><div class=\"inner\">\n<div class=\"kicker\">" + escape(kicker) + "</div>\n<h1>" +
           escape(title) + "</h1>\n<div class=\"facts\">";
  for (const auto& [k, v] : facts) html_ += "<span><b>" + escape(k) + "</b>" + escape(v) + "</span>";
  html_ += "</div>\n</div></header>\n<main>\n";
}

void HtmlPage::key_figures(const std::vector<KeyFigure>& figures) {
  html_ += "<div class=\"figures\">\n";
  for (const auto& f : figures)
    html_ += "<div class=\"figure\"><div class=\"value\">" + escape(f.value) + "</div><div class=\"label\">" +
             escape(f.label) + "</div><div class=\"note\">" + escape(f.note) + "</div></div>\n";
  html_ += "</div>\n";
}

void HtmlPage::open_section(std::string_view id, std::string_view heading, std::string_view caption) {
  html_ += "<section id=\"" + escape(id) + "\">\n<h2>" + escape(heading) + "</h2>\n";
  if (!caption.empty()) html_ += "<p class=\"caption\">" + escape(caption) + "</p>\n";
}

void HtmlPage::close_section() { html_ += "</section>\n"; }

void HtmlPage::raw(std::string_view html) { html_ += html; }

void HtmlPage::paragraph(std::string_view text, std::string_view css_class) {
  html_ += "<p class=\"" + escape(css_class) + "\">" + escape(text) + "</p>\n";
}

std::string HtmlPage::finish() {
  html_ += "</main>\n<footer>Made by pasante " + escape(kVersion) +
           ", a simulation model: the figures describe the model under its stated assumptions, not measured "
           "outcomes. Hover over a chart's marks for exact values. This file is self-contained and needs no "
           "network.</footer>\n</body>\n</html>\n";
  return std::move(html_);
}

std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& numeric, std::string_view css_class) {
  auto is_num = [&](std::size_t i) { return i < numeric.size() && numeric[i]; };
  std::string out = "<div class=\"table-wrap";
  if (!css_class.empty()) out += " " + escape(css_class);
  out += "\"><table>\n<thead><tr>";
  for (std::size_t i = 0; i < header.size(); ++i)
    out += std::string(is_num(i) ? "<th class=\"num\">" : "<th>") + escape(header[i]) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i)
      out += std::string(is_num(i) ? "<td class=\"num\">" : "<td>") + escape(row[i]) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table></div>\n";
}

std::string series_band_charts(const std::vector<NamedSeries>& series) {
  constexpr std::size_t kMaxArms = 8;
  // The headline series first, in this order; any others behind a <details>.
  static const std::vector<std::string> headline{
      "visits_sought",      "treated",         "refused", "hidden_unmet_need", "intern_security_mean",
      "intern_stress_mean", "violence_events", "deaths"};
  std::vector<std::string> metrics, others;
  for (const auto& s : series) {
    if (!s.band) continue;
    const std::string& m = s.band->metric;
    if (std::find(metrics.begin(), metrics.end(), m) != metrics.end() ||
        std::find(others.begin(), others.end(), m) != others.end())
      continue;
    (std::find(headline.begin(), headline.end(), m) != headline.end() ? metrics : others).push_back(m);
  }
  std::stable_sort(metrics.begin(), metrics.end(), [&](const std::string& a, const std::string& b) {
    return std::find(headline.begin(), headline.end(), a) < std::find(headline.begin(), headline.end(), b);
  });
  if (metrics.empty()) metrics.swap(others);
  const std::size_t first_other = metrics.size();
  metrics.insert(metrics.end(), others.begin(), others.end());
  std::string out = "<div class=\"grid2\">\n";
  std::size_t omitted = 0;
  for (std::size_t mi = 0; mi < metrics.size(); ++mi) {
    const std::string& metric = metrics[mi];
    if (mi == first_other && mi > 0) out += "</div>\n<details><summary>More series</summary>\n<div class=\"grid2\">\n";
    svg::LineChart chart;
    chart.title = metric_label(metric);
    chart.x_label = "day";
    chart.y_label = metric_kind(metric) == MetricKind::score ? "mean (0–100)" : "per period";
    if (metric_kind(metric) == MetricKind::score) chart.y_max = 100;
    chart.width = 560;
    chart.height = 300;
    std::size_t arms = 0;
    for (const auto& s : series) {
      if (!s.band || s.band->metric != metric) continue;
      if (arms == kMaxArms) {
        ++omitted;
        continue;
      }
      svg::LineSeries line;
      line.name = s.arm;
      line.colour = static_cast<int>(arms++);
      const SeriesBand& b = *s.band;
      std::size_t n = std::min({b.days.size(), b.mean.size(), b.low.size(), b.high.size()});
      if (n == b.days.size() && ends_with_short_period(b.days)) --n;
      for (std::size_t i = 0; i < n; ++i) {
        line.x.push_back(b.days[i]);
        line.y.push_back(b.mean[i]);
        line.low.push_back(b.low[i]);
        line.high.push_back(b.high[i]);
      }
      chart.series.push_back(std::move(line));
    }
    out += svg::line_chart(chart);
  }
  out += "</div>\n";
  if (first_other > 0 && first_other < metrics.size()) out += "</details>\n";
  if (omitted > 0)
    out += "<p class=\"note\">Only the first " + std::to_string(kMaxArms) +
           " arms are drawn in each chart; the tables above cover every arm.</p>\n";
  return out;
}

}  // namespace pasante::analysis::report
