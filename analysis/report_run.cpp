// The report of one run: key figures, time series, refusal reasons, interns'
// security and stress by gender and category, the map, and every summary metric.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>

#include "analysis/report.hpp"
#include "analysis/report_html.hpp"
#include "analysis/svg_charts.hpp"

namespace pasante::analysis {

namespace {

using namespace report;

// A summary metric's value; nullopt when the run lacks it or it is undefined (NaN).
std::optional<double> summary_value(const RunResults& r, std::string_view name) {
  for (const auto& m : r.summary)
    if (m.name == name) return std::isnan(m.value) ? std::nullopt : std::optional(m.value);
  return std::nullopt;
}

struct Series {
  std::vector<double> day, value;
};

// Every metric of the jurisdiction-wide rows (municipality "all", the last).
std::map<std::string, Series> jurisdiction_series(const TimeSeries& ts) {
  std::map<std::string, Series> out;
  if (ts.municipalities.empty()) return out;
  std::uint32_t all = static_cast<std::uint32_t>(ts.municipalities.size() - 1);
  for (std::uint32_t i = 0; i < ts.municipalities.size(); ++i)
    if (ts.municipalities[i] == "all") all = i;
  std::vector<const TimeSeries::Row*> rows;
  for (const auto& r : ts.rows)
    if (r.municipality == all && r.metric < ts.metrics.size()) rows.push_back(&r);
  std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) { return a->day < b->day; });
  for (const auto* r : rows) {
    Series& s = out[ts.metrics[r->metric]];
    s.day.push_back(r->day);
    s.value.push_back(r->value);
  }
  for (auto& [name, s] : out)
    if (ends_with_short_period(s.day)) {
      s.day.pop_back();
      s.value.pop_back();
    }
  return out;
}

constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string short_date(Date d) {
  return std::to_string(d.day_of_month()) + " " + kMonths[d.month() - 1] + " " + std::to_string(d.year());
}

// Ticks on the first day of months within [lo, hi], thinned to at most eight.
std::vector<std::pair<double, std::string>> month_ticks(Date start, double lo, double hi) {
  std::vector<std::pair<double, std::string>> ticks;
  for (auto d = static_cast<SimDay>(std::ceil(lo)); d <= hi; ++d) {
    const Date date = start.plus_days(d);
    if (date.day_of_month() == 1)
      ticks.emplace_back(d, std::string(kMonths[date.month() - 1]) +
                                (date.month() == 1 || ticks.empty() ? " " + std::to_string(date.year()) : ""));
  }
  if (ticks.size() <= 1) {  // shorter than a month: mark the ends instead
    ticks.clear();
    for (double d : {lo, hi}) ticks.emplace_back(d, short_date(start.plus_days(static_cast<SimDay>(d))));
  }
  const std::size_t every = (ticks.size() + 7) / 8;
  std::vector<std::pair<double, std::string>> out;
  for (std::size_t i = 0; i < ticks.size(); i += every) out.push_back(ticks[i]);
  return out;
}

class RunPage {
 public:
  RunPage(const Scenario& scenario, const RunResults& results)
      : scenario_(scenario),
        r_(results),
        series_(jurisdiction_series(results.timeseries)),
        start_(scenario.parameters.scenario.start) {}

  std::string build() {
    const auto& id = scenario_.parameters.scenario;
    const std::string name = id.name.empty() ? std::string("run") : id.name;
    HtmlPage page("pasante report: " + name);
    const Date end = start_.plus_days(std::max<std::int64_t>(id.days, 1) - 1);
    std::vector<std::pair<std::string, std::string>> facts{
        {"Seed", std::to_string(id.seed)},
        {"Dates", start_.iso() + " to " + end.iso() + " (" + svg::thousands(static_cast<double>(id.days)) + " days)"},
        {"Municipalities", std::to_string(r_.map.municipalities.size())}};
    for (const char* m : {"residents", "clinics", "interns"})
      if (const auto v = summary_value(r_, m)) facts.emplace_back(metric_label(m), svg::thousands(*v));
    if (!scenario_.source.empty()) facts.emplace_back("Scenario file", scenario_.source);
    page.header("pasante · run report", name, facts);
    key_figures(page);
    time_series(page);
    reasons(page);
    interns(page);
    map(page);
    clinics_table(page);
    summary_table(page);
    return page.finish();
  }

 private:
  void key_figures(HtmlPage& page) {
    const std::array<std::pair<const char*, const char*>, 8> figures{{
        {"refusal_rate", "of visits sought at a clinic were turned away"},
        {"treated_rate", "of visits sought were treated at the clinic"},
        {"hidden_unmet_need_rate", "of needs never reached a clinic"},
        {"intern_security_mean_end", "interns' mean sense of security at the end (0–100)"},
        {"report_inflation_ratio", "consultations reported for each one given"},
        {"medicine_mismatch_index", "medicine delivered vs needed (0 = matched)"},
        {"deaths", "deaths from complications and untreated severe cases"},
        {"cost_total_mxn", "MXN spent on medicines, stipends and supervision"},
    }};
    std::vector<KeyFigure> out;
    for (const auto& [metric, note] : figures)
      if (const auto v = summary_value(r_, metric)) {
        std::string label = metric_label(metric);
        if (const auto paren = label.find(" ("); paren != std::string::npos) label.erase(paren);
        out.push_back({label,
                       metric == std::string("report_inflation_ratio")    ? "×" + svg::fixed(*v, 3)
                       : metric == std::string("medicine_mismatch_index") ? svg::fixed(*v, 2)
                                                                          : format_metric(metric, *v),
                       note});
      }
    page.key_figures(out);
  }

  const Series* find(const std::string& metric) const {
    const auto it = series_.find(metric);
    return it == series_.end() ? nullptr : &it->second;
  }

  svg::LineSeries line(const std::string& metric, const std::string& name, int colour) const {
    svg::LineSeries s;
    s.name = name;
    s.colour = colour;
    if (const Series* src = find(metric)) {
      s.x = src->day;
      s.y = src->value;
      for (double d : s.x)
        s.point_labels.push_back("period to " + short_date(start_.plus_days(static_cast<SimDay>(d))));
    }
    return s;
  }

  svg::LineChart chart(std::string title, std::string y_label) const {
    svg::LineChart c;
    c.title = std::move(title);
    c.y_label = std::move(y_label);
    c.x_label = "";
    c.width = 540;
    c.height = 290;
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& [name, s] : series_)
      for (double d : s.day) lo = std::min(lo, d), hi = std::max(hi, d);
    if (std::isfinite(lo)) c.x_ticks = month_ticks(start_, lo, hi);
    return c;
  }

  void time_series(HtmlPage& page) {
    if (series_.empty()) return;
    const Series* any = &series_.begin()->second;
    const double period = any->day.size() > 1 ? any->day[1] - any->day[0] : any->day.empty() ? 1 : any->day[0] + 1;
    const std::string per = period == 7 ? "per week" : "per " + svg::fixed(period, 0) + "-day period";
    page.open_section(
        "time", "Along the run",
        "Each point sums one output period (" + per +
            ") over the whole jurisdiction (a shorter last period is left out). Visits sought are the needs "
            "taken to a clinic; those not treated were turned away for one of five reasons. Hidden unmet need "
            "counts needs that never reached a clinic at all.");
    page.raw("<div class=\"grid2\">\n");
    {
      svg::LineChart c = chart("Visits " + per, "visits");
      c.series = {line("visits_sought", "sought", 0), line("treated", "treated", 2), line("refused", "turned away", 1)};
      page.raw(svg::line_chart(c));
    }
    {
      svg::LineChart c = chart("Visits turned away, by reason", "visits");
      const std::array<std::pair<const char*, const char*>, 5> reasons{
          {{"refused_no_doctor", "no doctor"},
           {"refused_closed_violence", "closed: violence"},
           {"refused_capacity", "over capacity"},
           {"refused_stockout", "out of stock"},
           {"refused_beyond_competence", "beyond competence"}}};
      int k = 0;
      for (const auto& [metric, name] : reasons) c.series.push_back(line(metric, name, k++));
      page.raw(svg::line_chart(c));
    }
    {
      svg::LineChart c = chart("Unmet need", "% of needs or of visits");
      svg::LineSeries hidden = line("hidden_unmet_need", "hidden: % of needs", 3);
      svg::LineSeries refused = line("refused", "turned away: % of visits sought", 1);
      const Series* needs = find("needs");
      const Series* sought = find("visits_sought");
      for (std::size_t i = 0; i < hidden.y.size(); ++i)
        hidden.y[i] = needs && i < needs->value.size() && needs->value[i] > 0 ? 100 * hidden.y[i] / needs->value[i] : 0;
      for (std::size_t i = 0; i < refused.y.size(); ++i)
        refused.y[i] =
            sought && i < sought->value.size() && sought->value[i] > 0 ? 100 * refused.y[i] / sought->value[i] : 0;
      c.series = {hidden, refused};
      page.raw(svg::line_chart(c));
    }
    {
      svg::LineChart c = chart("Interns' security and stress", "mean over serving interns (0–100)");
      c.series = {line("intern_security_mean", "security", 0), line("intern_stress_mean", "stress", 1)};
      c.y_max = 100;
      page.raw(svg::line_chart(c));
    }
    {
      svg::LineChart c = chart("Consultations given and reported", "consultations");
      c.series = {line("true_consultations", "given", 0), line("reported_consultations", "reported", 1)};
      c.series[1].dashed = true;
      page.raw(svg::line_chart(c));
    }
    {
      svg::LineChart c = chart("Violent events and deaths", "events " + per);
      c.series = {line("violence_events", "violent events", 1), line("deaths", "deaths", 7)};
      page.raw(svg::line_chart(c));
    }
    page.raw("</div>\n");
    page.close_section();
  }

  void reasons(HtmlPage& page) {
    auto bars = [&](const std::string& prefix, const std::vector<std::pair<std::string, std::string>>& names,
                    const std::string& of) {
      std::vector<svg::Bar> out;
      for (const auto& [key, label] : names)
        if (const auto v = summary_value(r_, prefix + key))
          out.push_back(
              {label, 100 * *v, svg::fixed(100 * *v, 1) + "%", label + ": " + svg::fixed(100 * *v, 2) + "% of " + of});
      std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.value > b.value; });
      return out;
    };
    const auto refusal = bars("refusal_rate_",
                              {{"no_doctor", "no doctor at the clinic"},
                               {"closed_violence", "clinic closed by violence"},
                               {"capacity", "over the day's capacity"},
                               {"stockout", "medicine out of stock"},
                               {"beyond_competence", "beyond the intern's competence"}},
                              "visits sought");
    const auto hidden = bars("hidden_unmet_need_rate_",
                             {{"low_trust", "low trust in the clinic"},
                              {"distance", "distance and poverty"},
                              {"road_closed", "road closed or curfew"}},
                             "needs");
    if (refusal.empty() && hidden.empty()) return;
    page.open_section("reasons", "Why care was not given",
                      "Left: the share of all visits sought that were turned away, by reason (a visit has one reason). "
                      "Right: the share of all needs that never reached a clinic, by reason.");
    page.raw("<div class=\"grid2\">\n");
    auto reasons_chart = [&](const char* title, const char* value_label, const auto& bars, int colour) {
      if (bars.empty()) return;
      svg::BarChart c;
      c.title = title;
      c.value_label = value_label;
      c.bars = bars;
      c.colour = colour;
      c.width = 540;
      page.raw(svg::bar_chart(c));
    };
    reasons_chart("Visits turned away, by reason", "% of visits sought", refusal, 1);
    reasons_chart("Hidden unmet need, by reason", "% of needs", hidden, 3);
    page.raw("</div>\n");
    page.close_section();
  }

  void interns(HtmlPage& page) {
    const Table& t = r_.interns;
    auto col = [&](std::string_view name) -> std::optional<std::size_t> {
      for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i] == name) return i;
      return std::nullopt;
    };
    const auto sex = col("sex"), category = col("category"), stress = col("stress"), security = col("security");
    if (!sex || !category || !stress || !security || t.rows.empty()) return;

    struct Group {
      std::string label;
      std::vector<double> security, stress;
      bool gap_before = false;
    };
    std::vector<Group> groups{{"All interns", {}, {}, false}, {"Women", {}, {}, true}, {"Men", {}, {}, false}};
    std::map<std::string, Group> by_category;
    for (const auto& row : t.rows) {
      if (row.size() < t.columns.size()) continue;
      const auto se = parse_number(row[*security]), st = parse_number(row[*stress]);
      if (!se || !st) continue;
      std::vector<Group*> targets{&groups[0]};
      if (row[*sex] == "female") targets.push_back(&groups[1]);
      if (row[*sex] == "male") targets.push_back(&groups[2]);
      targets.push_back(&by_category[row[*category]]);
      for (Group* g : targets) {
        g->security.push_back(*se);
        g->stress.push_back(*st);
      }
    }
    bool first = true;
    for (const char* c : {"A", "B", "C", "CC"})  // the model's categories in order, then any other
      if (auto it = by_category.find(c); it != by_category.end()) {
        groups.push_back({std::string("Category ") + c, it->second.security, it->second.stress, first});
        by_category.erase(it);
        first = false;
      }
    for (auto& [c, g] : by_category) {
      groups.push_back({"Category " + c, g.security, g.stress, first});
      first = false;
    }

    svg::DotWhiskerChart chart;
    chart.title = "Security and stress at the end of the run (mean and 95% interval)";
    chart.value_label = "score (0–100)";
    chart.series = {"security", "stress"};
    chart.lo = 0;
    chart.hi = 100;
    chart.width = 820;
    std::vector<std::vector<std::string>> rows;
    for (const auto& g : groups) {
      if (g.security.empty()) continue;
      svg::DotWhiskerGroup dg;
      dg.label = g.label + " (n=" + std::to_string(g.security.size()) + ")";
      dg.gap_before = g.gap_before;
      std::vector<std::string> row{g.label, std::to_string(g.security.size())};
      for (const auto& [name, values] :
           {std::pair<std::string, const std::vector<double>*>{"Security", &g.security}, {"Stress", &g.stress}}) {
        const Estimate e = estimate(*values);
        svg::DotWhiskerPoint p;
        p.mean = e.mean;
        p.low = std::clamp(e.ci_low, 0.0, 100.0);
        p.high = std::clamp(e.ci_high, 0.0, 100.0);
        p.tooltip = name + ", " + g.label + ": mean " + svg::fixed(e.mean, 1) + ", 95% interval " +
                    svg::fixed(e.ci_low, 1) + " to " + svg::fixed(e.ci_high, 1) + " (n=" + std::to_string(e.n) + ")";
        dg.points.push_back(p);
        row.push_back(svg::fixed(e.mean, 1));
        row.push_back(e.n > 1 ? svg::fixed(e.ci_low, 1) + " – " + svg::fixed(e.ci_high, 1) : "–");
      }
      chart.groups.push_back(std::move(dg));
      rows.push_back(std::move(row));
    }
    page.open_section("interns", "Interns' security and stress",
                      "Each intern's sense of security and stress at the end of the run or of their service, on 0–100 "
                      "scales, averaged by gender and by the service category of their clinic (A urban, B rural, C "
                      "rural dispersed, CC dispersed with difficult access). Whiskers are 95% intervals for the mean; "
                      "with few interns in a group they are wide.");
    page.raw(svg::dot_whisker_chart(chart));
    page.raw("<details><summary>Table</summary>\n");
    page.raw(html_table({"group", "interns", "security", "95% interval", "stress", "95% interval"}, rows,
                        {false, true, true, true, true, true}));
    page.raw("</details>\n");
    page.close_section();
  }

  void map(HtmlPage& page) {
    if (r_.map.places.empty()) return;
    page.open_section("map", "The region",
                      "Localities are circles sized by population; clinics are squares coloured by the share of visits "
                      "they turned away over the run; red crosses are violent events (spread around their locality); "
                      "the blue cross in a circle is the jurisdiction hospital. Roads are drawn as straight links, "
                      "paved ones darker. Hover over a mark for its details.");
    svg::MapOptions o;
    o.title = "Localities, clinics, roads and violent events";
    o.width = 1000;
    page.raw(svg::region_map(r_.map, o));
    page.close_section();
  }

  void clinics_table(HtmlPage& page) {
    const RunMap& m = r_.map;
    if (m.clinics.empty()) return;
    std::vector<const RunMap::ClinicMark*> order;
    for (const auto& c : m.clinics) order.push_back(&c);
    std::stable_sort(order.begin(), order.end(),
                     [](const auto* a, const auto* b) { return a->refusal_rate > b->refusal_rate; });
    constexpr std::size_t kMaxRows = 200;  // a national run has thousands of clinics
    std::vector<std::vector<std::string>> rows;
    for (const auto* c : order) {
      if (rows.size() == kMaxRows) break;
      const bool known = c->place < m.places.size();
      const std::string place = known ? m.places[c->place].name : "?";
      const std::string municipality = known && m.places[c->place].municipality < m.municipalities.size()
                                           ? m.municipalities[m.places[c->place].municipality]
                                           : "";
      rows.push_back({place, municipality, c->category, svg::thousands(static_cast<double>(c->visits_sought)),
                      svg::thousands(static_cast<double>(c->refused)), svg::fixed(100 * c->refusal_rate, 1) + "%",
                      c->intern_at_end ? "yes" : "no"});
    }
    page.open_section("clinics", "Clinics",
                      order.size() <= kMaxRows
                          ? std::string("Every clinic, those turning the largest share of visits away first.")
                          : "The " + std::to_string(kMaxRows) + " of " +
                                svg::thousands(static_cast<double>(order.size())) +
                                " clinics turning the largest share of visits away.");
    page.raw(html_table(
        {"clinic (locality)", "municipality", "category", "visits sought", "turned away", "share", "intern at the end"},
        rows, {false, false, false, true, true, true, false}));
    page.close_section();
  }

  void summary_table(HtmlPage& page) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : r_.summary) rows.push_back({metric_label(m.name), format_metric(m.name, m.value), m.name});
    page.open_section("summary", "Every summary metric",
                      "The content of summary.csv, with readable names; the last column is the name used in the file.");
    page.raw(html_table({"metric", "value", "name in summary.csv"}, rows, {false, true, false}, "full"));
    page.close_section();
  }

  const Scenario& scenario_;
  const RunResults& r_;
  std::map<std::string, Series> series_;
  Date start_;
};

}  // namespace

std::string run_report_html(const Scenario& scenario, const RunResults& results) {
  return RunPage(scenario, results).build();
}

}  // namespace pasante::analysis
