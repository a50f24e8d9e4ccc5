#include "analysis/sensitivity.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <optional>
#include <string_view>

#include "analysis/replicate_statistics.hpp"
#include "outputs/csv_writers.hpp"
#include "outputs/run_results.hpp"
#include "scenario/scenario_document.hpp"

namespace pasante::analysis {

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t first = 0; first < order.size();) {
    std::size_t last = first + 1;
    while (last < order.size() && values[order[last]] == values[order[first]]) ++last;
    const double rank = 0.5 * static_cast<double>(first + 1 + last);  // mean of ranks first+1 .. last
    for (std::size_t i = first; i < last; ++i) ranks[order[i]] = rank;
    first = last;
  }
  return ranks;
}

namespace {

// What is left of `v` after a least-squares fit on `design` (which holds the intercept).
Eigen::VectorXd residual(const Eigen::MatrixXd& design, const Eigen::VectorXd& v) {
  return v - design * design.colPivHouseholderQr().solve(v);
}

// Slope of a least-squares fit of y on every parameter's value (with an
// intercept), times the parameter's range over the rows used: NaN each when
// the fit is not defined (fewer rows than coefficients, or collinear columns).
std::vector<double> changes_across_ranges(const std::vector<std::vector<double>>& columns,
                                          const std::vector<std::size_t>& rows, const std::vector<double>& y) {
  const auto n = static_cast<Eigen::Index>(rows.size()), k = static_cast<Eigen::Index>(columns.size());
  std::vector<double> out(columns.size(), std::nan(""));
  if (n < k + 2) return out;
  Eigen::MatrixXd design(n, k + 1);
  design.col(0).setOnes();
  std::vector<double> range(columns.size());
  for (Eigen::Index c = 0; c < k; ++c) {
    double lo = INFINITY, hi = -INFINITY;
    for (Eigen::Index r = 0; r < n; ++r) {
      const double v = columns[static_cast<std::size_t>(c)][rows[static_cast<std::size_t>(r)]];
      design(r, c + 1) = v;
      lo = std::min(lo, v), hi = std::max(hi, v);
    }
    range[static_cast<std::size_t>(c)] = hi - lo;
  }
  const auto qr = design.colPivHouseholderQr();
  if (qr.rank() < k + 1) return out;
  const Eigen::VectorXd b = qr.solve(Eigen::Map<const Eigen::VectorXd>(y.data(), n));
  for (std::size_t c = 0; c < columns.size(); ++c) out[c] = b(static_cast<Eigen::Index>(c) + 1) * range[c];
  return out;
}

// Holm's step-down adjustment over the defined indices.
void holm_adjust(std::vector<SensitivityIndex>& indices) {
  std::vector<SensitivityIndex*> defined;
  for (auto& i : indices)
    if (i.prcc.defined) defined.push_back(&i);
  std::stable_sort(defined.begin(), defined.end(),
                   [](const SensitivityIndex* a, const SensitivityIndex* b) { return a->prcc.p_value < b->prcc.p_value; });
  const double m = static_cast<double>(defined.size());
  double running = 0;
  for (std::size_t k = 0; k < defined.size(); ++k) {
    running = std::max(running, std::min(1.0, (m - static_cast<double>(k)) * defined[k]->prcc.p_value));
    defined[k]->p_holm = running;
  }
}

// A varied value as a number: decimal or exponent text, or a whole number as
// scenarios read it (YAML's hexadecimal 0x1F too).
std::optional<double> numeric_value(std::string_view text) {
  if (const auto v = parse_number(text)) return v;
  std::int64_t whole = 0;
  if (decode_whole_number(YAML::Node(std::string(text)), whole)) return static_cast<double>(whole);
  return std::nullopt;
}

}  // namespace

PartialCorrelation partial_correlation(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, Eigen::Index j) {
  PartialCorrelation out;
  const Eigen::Index n = x.rows(), held = x.cols() - 1;
  out.dof = static_cast<int>(n - 2 - held);
  if (n < x.cols() + 3 || y.size() != n || j < 0 || j >= x.cols()) return out;

  Eigen::MatrixXd design(n, held + 1);
  design.col(0).setOnes();
  for (Eigen::Index c = 0, k = 1; c < x.cols(); ++c)
    if (c != j) design.col(k++) = x.col(c);
  const Eigen::VectorXd rx = residual(design, x.col(j)), ry = residual(design, y);
  // A residual at rounding level means the column is (nearly) fixed by the others.
  const double sx = rx.norm(), sy = ry.norm();
  if (!(sx > 1e-9 * std::max(1.0, x.col(j).norm())) || !(sy > 1e-9 * std::max(1.0, y.norm()))) return out;

  out.r = std::clamp(rx.dot(ry) / (sx * sy), -1.0, 1.0);
  const double z = std::atanh(out.r), se = 1.0 / std::sqrt(static_cast<double>(n - 3 - held));
  out.ci_low = std::tanh(z - 1.959963984540054 * se);
  out.ci_high = std::tanh(z + 1.959963984540054 * se);
  const double t = std::abs(out.r) < 1 ? out.r * std::sqrt(out.dof / (1 - out.r * out.r)) : out.r * INFINITY;
  out.p_value = t_two_sided_p(t, out.dof);
  out.defined = true;
  return out;
}

SensitivityAnalysis sensitivity_analysis(const SweepReportInput& sweep) {
  SensitivityAnalysis out;
  out.points = static_cast<int>(sweep.points.size());

  // The inputs: varied keys whose every value is a number, taking two values or more.
  std::vector<std::vector<double>> columns;
  for (const auto& key : sweep.varied_keys) {
    std::vector<double> column;
    bool numeric = true;
    for (const auto& point : sweep.points) {
      const auto it = std::find_if(point.parameters.begin(), point.parameters.end(),
                                   [&](const auto& kv) { return kv.first == key; });
      const auto value = it == point.parameters.end() ? std::nullopt : numeric_value(it->second);
      if (!value) {
        numeric = false;
        break;
      }
      column.push_back(*value);
    }
    if (!numeric) {
      out.left_out.emplace_back(key, "not numeric");
    } else if (std::adjacent_find(column.begin(), column.end(), std::not_equal_to<>()) == column.end()) {
      out.left_out.emplace_back(key, "one value");
    } else {
      out.parameters.push_back(key);
      columns.push_back(std::move(column));
    }
  }
  out.points_needed = static_cast<int>(out.parameters.size()) + 3;
  if (out.parameters.empty() || out.points < out.points_needed) return out;

  // Metrics in the order of the first point that has them, then any others.
  std::vector<std::string> metrics;
  for (const auto& point : sweep.points)
    for (const auto& m : point.metrics)
      if (std::find(metrics.begin(), metrics.end(), m.metric) == metrics.end()) metrics.push_back(m.metric);

  for (const auto& metric : metrics) {
    // The points where the metric has a value; ranks are taken over those points.
    std::vector<std::size_t> rows;
    std::vector<double> y;
    for (std::size_t i = 0; i < sweep.points.size(); ++i)
      for (const auto& m : sweep.points[i].metrics)
        if (m.metric == metric && m.estimate.n > 0 && std::isfinite(m.estimate.mean)) {
          rows.push_back(i);
          y.push_back(m.estimate.mean);
        }
    if (std::adjacent_find(y.begin(), y.end(), std::not_equal_to<>()) == y.end()) continue;  // constant or empty
    const auto n = static_cast<Eigen::Index>(rows.size());
    Eigen::MatrixXd x(n, static_cast<Eigen::Index>(columns.size()));
    for (std::size_t c = 0; c < columns.size(); ++c) {
      std::vector<double> used;
      for (std::size_t r : rows) used.push_back(columns[c][r]);
      const std::vector<double> ranks = average_ranks(used);
      x.col(static_cast<Eigen::Index>(c)) = Eigen::Map<const Eigen::VectorXd>(ranks.data(), n);
    }
    const std::vector<double> y_ranks = average_ranks(y);
    const Eigen::Map<const Eigen::VectorXd> ry(y_ranks.data(), n);
    const std::vector<double> changes = changes_across_ranges(columns, rows, y);
    for (std::size_t c = 0; c < columns.size(); ++c)
      out.indices.push_back({out.parameters[c], metric, static_cast<int>(n),
                             partial_correlation(x, ry, static_cast<Eigen::Index>(c)), 1.0, changes[c]});
  }
  holm_adjust(out.indices);
  return out;
}

std::string sensitivity_csv(const SensitivityAnalysis& analysis) {
  std::string out = "parameter,metric,points,prcc,ci_low,ci_high,p_value,p_holm,change_across_range\n";
  for (const auto& s : analysis.indices) {
    append_csv_cell(out, s.parameter);
    out += ',';
    append_csv_cell(out, s.metric);
    out += ',' + std::to_string(s.points);
    for (double v : {s.prcc.r, s.prcc.ci_low, s.prcc.ci_high, s.prcc.p_value, s.p_holm})
      out += ',' + (s.prcc.defined ? format_number(v) : std::string());
    out += ',' + format_cell(s.change_across_range);
    out += '\n';
  }
  return out;
}

}  // namespace pasante::analysis
