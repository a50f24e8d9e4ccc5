// The HTML reports and their SVG chart toolkit: well-formed markup, no
// network references, escaped text, deterministic bytes; and write_run's
// extra files (how report.html joins a run's outputs and manifest).
#include "analysis/report.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/report_html.hpp"
#include "analysis/svg_charts.hpp"
#include "outputs/run_writer.hpp"

namespace pasante::analysis {
namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + needle.size())) ++n;
  return n;
}

// Checks that every tag is closed in order (HTML void elements excepted),
// skipping the doctype and the content of <style>. Returns "" or the problem.
std::string tag_balance_problem(const std::string& html) {
  static const std::vector<std::string> void_elements{"meta", "link", "br", "hr", "img", "input", "wbr"};
  std::vector<std::string> stack;
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string::npos) {
    const std::size_t end = html.find('>', pos);
    if (end == std::string::npos) return "unterminated tag at " + std::to_string(pos);
    const std::string tag = html.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    if (tag.starts_with("!")) continue;  // <!DOCTYPE html>
    if (tag.starts_with("/")) {
      const std::string name = tag.substr(1);
      if (stack.empty() || stack.back() != name)
        return "</" + name + "> closes <" + (stack.empty() ? std::string("nothing") : stack.back()) + "> at " +
               std::to_string(pos);
      stack.pop_back();
      continue;
    }
    const std::string name = tag.substr(0, tag.find_first_of(" \n\t/"));
    if (tag.ends_with("/") || std::find(void_elements.begin(), void_elements.end(), name) != void_elements.end())
      continue;
    if (name == "style") {
      const std::size_t close = html.find("</style>", pos);
      if (close == std::string::npos) return "unclosed <style>";
      pos = close + 8;
      continue;
    }
    stack.push_back(name);
  }
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  return "";
}

// Every http(s) reference must be the SVG namespace; nothing is loaded by URL.
void expect_offline(const std::string& html) {
  const std::string ns = "xmlns=\"http://www.w3.org/2000/svg\"";
  EXPECT_EQ(count(html, "http://"), count(html, ns));
  EXPECT_EQ(count(html, "https://"), 0u);
  EXPECT_EQ(count(html, "src="), 0u);
  EXPECT_EQ(count(html, "url("), 0u);
  EXPECT_EQ(count(html, "@import"), 0u);
  EXPECT_EQ(count(html, "<script"), 0u);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

void expect_well_formed(const std::string& html) {
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n"));
  EXPECT_TRUE(html.ends_with("</html>\n"));
  EXPECT_EQ(count(html, "<svg "), count(html, "</svg>"));
  EXPECT_EQ(tag_balance_problem(html), "");
}

const std::string kNasty = "<b>\"Tom & Jerry's\"</b>";
const std::string kNastyEscaped = "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;";

Scenario make_scenario(const std::string& name) {
  Scenario s;
  s.source = "test.yaml";
  s.parameters.scenario.name = name;
  s.parameters.scenario.start = Date::from_ymd(2022, 2, 1);
  s.parameters.scenario.days = 90;
  s.parameters.scenario.seed = 7;
  s.parameters.scenario.output_interval_days = 7;
  return s;
}

RunResults make_results(std::size_t places = 40) {
  RunResults r;
  r.summary = {{"refusal_rate", 0.69},
               {"refusal_rate_no_doctor", 0.04},
               {"refusal_rate_stockout", 0.36},
               {"refusal_rate_capacity", 0.28},
               {"treated_rate", 0.31},
               {"hidden_unmet_need_rate", 0.51},
               {"hidden_unmet_need_rate_low_trust", 0.34},
               {"intern_security_mean_end", 38.7},
               {"report_inflation_ratio", 1.085},
               {"medicine_mismatch_index", 0.8},
               {"deaths", 27},
               {"cost_total_mxn", 1647374},
               {"interns", 4},
               {"residents", 1000}};
  r.timeseries.municipalities = {"Galeana & Co", "all"};
  r.timeseries.metrics = {"needs",
                          "visits_sought",
                          "treated",
                          "refused",
                          "hidden_unmet_need",
                          "intern_security_mean",
                          "intern_stress_mean",
                          "violence_events"};
  for (SimDay day = 6; day < 90; day += 7)
    for (std::uint32_t m = 0; m < 2; ++m)
      for (std::uint32_t k = 0; k < r.timeseries.metrics.size(); ++k)
        r.timeseries.rows.push_back({day, m, k, 100.0 + day * (k + 1) % 37});
  r.interns.columns = {"id", "sex", "category", "stress", "security", "status"};
  r.interns.rows = {{"0", "female", "CC", "70.5", "30.25", "serving"},
                    {"1", "male", "B", "60", "45", "serving"},
                    {"2", "female", "B", "80.1", "20", "dropped_out"},
                    {"3", "female", "CC", "55", "50", "completed"}};
  r.violence_events.columns = {"day", "type"};
  r.map.municipalities = {"Galeana & Co", "Doctor <Arroyo>"};
  for (std::size_t i = 0; i < places; ++i)
    r.map.places.push_back({i == 0 ? "Santa Rosa & \"Las Lomas\"" : "Place " + std::to_string(i),
                            static_cast<std::uint32_t>(i % 2), 23.5 + 0.013 * static_cast<double>(i % 97),
                            -100.1 + 0.017 * static_cast<double>((i * 31) % 89),
                            static_cast<std::uint32_t>(50 + (i * 7919) % 5000)});
  r.map.clinics = {{0, "B", 1000, 700, 0.7, true}, {3, "CC", 200, 180, 0.9, false}, {5, "A", 5000, 1000, 0.2, true}};
  for (std::uint32_t i = 1; i < places; ++i) r.map.roads.push_back({i - 1, i, i % 3 == 0});
  r.map.events = {{3, "gunfire", 10}, {3, "threat", 20}, {5, "checkpoint", 30}};
  r.map.hospital_place = 5;
  return r;
}

TEST(SvgCharts, FormatsNumbersFixedAndLocaleFree) {
  EXPECT_EQ(svg::fixed(1.25, 1), "1.2");  // round-half-even on the exact binary value
  EXPECT_EQ(svg::fixed(-0.0001, 2), "0.00");
  EXPECT_EQ(svg::fixed(NAN, 2), "0");
  EXPECT_EQ(svg::thousands(1234567.4), "1,234,567");
  EXPECT_EQ(svg::thousands(-1234), "-1,234");
  EXPECT_EQ(svg::thousands(999), "999");
  EXPECT_EQ(svg::escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
}

TEST(SvgCharts, NiceTicksAreRoundAndCoverTheRange) {
  const auto t = svg::nice_ticks(0, 0.73, 5);
  ASSERT_GE(t.size(), 3u);
  EXPECT_LE(t.front(), 0.0);
  EXPECT_GE(t.back(), 0.73);
  const double step = t[1] - t[0];
  for (std::size_t i = 1; i < t.size(); ++i) EXPECT_NEAR(t[i] - t[i - 1], step, 1e-12);
  const double mag = std::pow(10.0, std::floor(std::log10(step)));
  const double m = step / mag;
  EXPECT_TRUE(std::fabs(m - 1) < 1e-9 || std::fabs(m - 2) < 1e-9 || std::fabs(m - 2.5) < 1e-9 ||
              std::fabs(m - 5) < 1e-9);
  EXPECT_EQ(svg::nice_ticks(5, 5).size() >= 2, true);  // a flat range still gets an axis
  EXPECT_EQ(svg::tick_label(2'000'000, 500'000), "2.0M");
  EXPECT_EQ(svg::tick_label(20'000, 5'000), "20k");
}

TEST(SvgCharts, EveryChartIsOneBalancedSvgElement) {
  svg::LineChart line;
  line.title = "t<1>";
  line.series = {{"a&b", {0, 1, 2}, {1, 3, 2}, {0.5, 2, 1}, {1.5, 4, 3}, {}, -1, false}};
  svg::BarChart bars;
  bars.bars = {{"x", 3, "3", ""}, {"y", 0, "0", ""}};
  svg::DotWhiskerChart dots;
  dots.series = {"s"};
  dots.groups = {{"g", {{1, 0, 2, "tip", true}}, false}};
  svg::Heatmap heat;
  heat.x_categories = {"1", "2"};
  heat.y_categories = {"a"};
  heat.values = {{1, 2}};
  heat.has_value = {{true, false}};
  svg::ResponseCurve curve;
  curve.points = {{0, "0", 1, 0.5, 1.5, ""}, {1, "1", 2, 1.5, 2.5, ""}};
  svg::ForestPlot forest;
  forest.rows = {{"m", -1, -2, 0.5, 0, "", ""}, {"m", 1, 0.5, 1.5, 1, "", ""}};
  for (const std::string& s : {svg::line_chart(line), svg::bar_chart(bars), svg::dot_whisker_chart(dots),
                               svg::heatmap(heat), svg::response_curve(curve), svg::forest_plot(forest)}) {
    EXPECT_TRUE(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    EXPECT_EQ(count(s, "<svg"), 1u);
    EXPECT_EQ(tag_balance_problem(s), "") << s.substr(0, 200);
    EXPECT_EQ(s.find("nan"), std::string::npos);
    EXPECT_EQ(s.find("inf"), std::string::npos);
  }
  EXPECT_NE(svg::line_chart(line).find("t&lt;1&gt;"), std::string::npos);
  EXPECT_NE(svg::line_chart(line).find("a&amp;b"), std::string::npos);
}

TEST(SvgMap, DrawsLocalitiesClinicsRoadsEventsAndHospital) {
  const RunResults r = make_results();
  const std::string map = svg::region_map(r.map);
  EXPECT_EQ(tag_balance_problem(map), "");
  EXPECT_GE(count(map, "<circle"), r.map.places.size());
  EXPECT_NE(map.find("class=\"road-paved\""), std::string::npos);
  EXPECT_NE(map.find("class=\"road-unpaved\""), std::string::npos);
  EXPECT_NE(map.find("class=\"hospital\""), std::string::npos);
  EXPECT_NE(map.find("2 violent events"), std::string::npos);
  EXPECT_NE(map.find("Santa Rosa &amp; &quot;Las Lomas&quot;"), std::string::npos);
  EXPECT_EQ(map.find("Santa Rosa & "), std::string::npos);
}

// Guards the map at scale: many events at one place are one cross sized by
// their count (a year of Monterrey's events on a spiral buried its clinics),
// and every hospital is drawn, not only the first.
TEST(SvgMap, ManyEventsAtAPlaceAreOneCrossAndEveryHospitalIsDrawn) {
  RunResults r = make_results();
  const auto violence_path = [](const std::string& map) {
    const auto g = map.substr(map.find("class=\"violence\""));
    return g.substr(0, g.find("</g>"));
  };
  const std::string few = violence_path(svg::region_map(r.map));
  for (int k = 0; k < 40; ++k) r.map.events.push_back({3, "gunfire", 40 + k});
  r.map.hospital_places = {5, 0};
  const std::string map = svg::region_map(r.map);
  EXPECT_EQ(tag_balance_problem(map), "");
  const std::string many = violence_path(map);
  EXPECT_NE(many.find("42 violent events"), std::string::npos);
  EXPECT_LT(count(many, "M"), count(few, "M") + 4) << "42 events at place 3 are drawn as one cross, not 42";
  EXPECT_EQ(count(map, "class=\"hospital\""), 2u);
  EXPECT_NE(map.find("Hospital: "), std::string::npos);
}

TEST(SvgMap, VeryLargeMapsDrawOnlyClinicPlacesAndNoRoads) {
  const RunResults r = make_results(20'001);
  const std::string map = svg::region_map(r.map);
  EXPECT_EQ(tag_balance_problem(map), "");
  EXPECT_EQ(map.find("road-"), std::string::npos);
  const auto localities = map.substr(map.find("class=\"localities\""));
  // Places 0, 3 and 5: the clinics' (the hospital and the events are at 3 and 5).
  EXPECT_EQ(count(localities.substr(0, localities.find("</g>")), "<circle"), 3u);
}

TEST(RunReport, IsWellFormedOfflineAndShowsTheMap) {
  const std::string html = run_report_html(make_scenario("baseline"), make_results());
  expect_well_formed(html);
  expect_offline(html);
  EXPECT_NE(html.find("class=\"map\""), std::string::npos);
  EXPECT_GE(count(html, "<svg "), 6u);
  for (const char* text : {"Seed", "2022-02-01 to 2022-05-01", "69.0%", "Visits turned away", "Women (n=3)",
                           "Category CC (n=2)", "refusal_rate_stockout", "Hidden unmet need"})
    EXPECT_NE(html.find(text), std::string::npos) << text;
}

TEST(RunReport, EscapesEveryName) {
  const std::string html = run_report_html(make_scenario(kNasty), make_results());
  EXPECT_NE(html.find(kNastyEscaped), std::string::npos);
  EXPECT_EQ(html.find(kNasty), std::string::npos);
  EXPECT_EQ(html.find("Doctor <Arroyo>"), std::string::npos);
  expect_well_formed(html);
}

TEST(RunReport, IsDeterministic) {
  EXPECT_EQ(run_report_html(make_scenario("a"), make_results()), run_report_html(make_scenario("a"), make_results()));
}

TEST(RunReport, EmptyResultsStillMakeAPage) {
  const std::string html = run_report_html(make_scenario(""), RunResults{});
  expect_well_formed(html);
  expect_offline(html);
}

SweepReportInput make_sweep(int keys) {
  SweepReportInput in;
  in.name = kNasty;
  in.design = "grid";
  in.replicates = 3;
  in.varied_keys = {"policy.supervision.visits_per_month"};
  if (keys == 2) in.varied_keys.push_back("policy.supply.allocation");
  for (int v = 0; v < 3; ++v)
    for (const char* a : {"fixed_basket", "needs_based"}) {
      if (keys == 1 && a[0] == 'n') continue;
      SweepPointSummary p;
      p.label = "v=" + std::to_string(v) + (keys == 2 ? std::string(", ") + a : "");
      p.parameters = {{in.varied_keys[0], std::to_string(v)}};
      if (keys == 2) p.parameters.push_back({in.varied_keys[1], a});
      for (const char* m : {"refusal_rate", "intern_security_mean_end", "cost_total_mxn"})
        p.metrics.push_back({m, {0.5 + v * 0.1, 0.01, 0.45 + v * 0.1, 0.55 + v * 0.1, 3}});
      SeriesBand band{"visits_sought", {6, 13, 20}, {1, 2, 3}, {0.5, 1.5, 2.5}, {1.5, 2.5, 3.5}};
      p.series = {band};
      in.points.push_back(p);
    }
  return in;
}

TEST(SweepReport, OneKeyDrawsResponseCurvesAndTwoKeysHeatmaps) {
  const std::string one = sweep_report_html(make_sweep(1));
  const std::string two = sweep_report_html(make_sweep(2));
  for (const std::string& html : {one, two}) {
    expect_well_formed(html);
    expect_offline(html);
    EXPECT_NE(html.find(kNastyEscaped), std::string::npos);
    EXPECT_EQ(html.find(kNasty), std::string::npos);
    EXPECT_NE(html.find("Along the run"), std::string::npos);  // the series bands
  }
  EXPECT_NE(one.find("How the metrics respond to policy.supervision.visits_per_month"), std::string::npos);
  EXPECT_NE(two.find("One heatmap per metric"), std::string::npos);
  // Which parameters matter: PRCC over the points (3 points are too few for one parameter).
  EXPECT_NE(one.find("needs at least 4 design points; this sweep has 3"), std::string::npos);
  EXPECT_NE(two.find("Left out: policy.supply.allocation (not numeric)"), std::string::npos);
  EXPECT_NE(two.find("partial rank correlation coefficient"), std::string::npos);
  EXPECT_NE(two.find("and policy.supervision.visits_per_month: PRCC +1.000"), std::string::npos);
  EXPECT_EQ(sweep_report_html(make_sweep(2)), two);
  expect_well_formed(sweep_report_html(SweepReportInput{}));
}

TEST(ComparisonReport, DrawsForestPlotsAndThePairingGain) {
  ComparisonReportInput in;
  in.base_name = "base & co";
  in.replicates = 10;
  for (const char* name : {"needs<based>", "stipends"}) {
    ComparisonArm arm;
    arm.name = name;
    arm.rows = {{"refusal_rate", 0.7, 0.6, -0.1, -0.12, -0.08, 0.05},
                {"intern_security_mean_end", 38, 40, 2, -1, 5, 4},
                {"deaths", 100, 90, -10, -15, -5, 9},
                {"violence_events", 0, 0, 0, 0, 0, 0}};
    arm.series = {{"visits_sought", {6, 13}, {1, 2}, {0.5, 1.5}, {1.5, 2.5}}};
    in.variants.push_back(arm);
  }
  in.base_series = {{"visits_sought", {6, 13}, {1, 2}, {0.5, 1.5}, {1.5, 2.5}}};
  const std::string html = comparison_report_html(in);
  expect_well_formed(html);
  expect_offline(html);
  EXPECT_NE(html.find("needs&lt;based&gt;"), std::string::npos);
  EXPECT_EQ(html.find("needs<based>"), std::string::npos);
  EXPECT_NE(html.find("\u221210.0 pp"), std::string::npos);  // refusal rate difference in percentage points
  EXPECT_NE(html.find("\u221210.0%"), std::string::npos);    // deaths relative to the base
  EXPECT_NE(html.find("60%"), std::string::npos);            // pairing: 1 − 0.02/0.05
  EXPECT_EQ(comparison_report_html(in), html);
  expect_well_formed(comparison_report_html(ComparisonReportInput{}));
}

// Guards the comparison's and the sweep's band charts: a run that is not a
// whole number of output periods ends with a short one (day 364 of a weekly
// year covers one day), which they used to draw as a collapse; the run
// report already left it out.
TEST(SeriesBandCharts, LeaveOutAShortLastPeriod) {
  using report::ends_with_short_period;
  using report::series_band_charts;
  EXPECT_TRUE(ends_with_short_period(std::vector<int>{6, 13, 20, 21}));
  EXPECT_FALSE(ends_with_short_period(std::vector<int>{6, 13, 20, 27}));
  EXPECT_FALSE(ends_with_short_period(std::vector<int>{6, 7}));
  const SeriesBand whole{"visits_sought", {6, 13, 20}, {100, 110, 105}, {90, 100, 95}, {110, 120, 115}};
  SeriesBand with_short = whole;
  with_short.days.push_back(21), with_short.mean.push_back(9), with_short.low.push_back(8),
      with_short.high.push_back(10);
  EXPECT_EQ(series_band_charts({{"arm", &with_short}}), series_band_charts({{"arm", &whole}}));
  SeriesBand longer = whole;
  longer.days.push_back(27), longer.mean.push_back(90), longer.low.push_back(80), longer.high.push_back(100);
  EXPECT_NE(series_band_charts({{"arm", &longer}}), series_band_charts({{"arm", &whole}})) << "a whole period stays";
}

TEST(RunWriterExtraFiles, AreWrittenAndHashedInTheManifest) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("pasante_report_extra_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  RunResults r;
  r.timeseries.municipalities = {"all"};
  RunInfo info;
  write_run(dir.string(), make_scenario("x"), r, info, {{"report.html", "<!DOCTYPE html>\n"}});
  std::ifstream in(dir / "manifest.json");
  const auto manifest = nlohmann::json::parse(in);
  EXPECT_TRUE(manifest["outputs"].contains("report.html"));
  EXPECT_TRUE(fs::exists(dir / "report.html"));
  EXPECT_THROW(write_run((dir / "bad").string(), make_scenario("x"), r, info, {{"../escape.html", ""}}),
               std::exception);
  EXPECT_FALSE(fs::exists(dir / "bad"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pasante::analysis
