#include "analysis/replicate_statistics.hpp"

#include <Eigen/Dense>

#include <cmath>

namespace pasante::analysis {

double t_quantile_975(int dof) {
  // Table for small samples, then the Cornish–Fisher expansion (accurate to ~1e-4).
  static const double table[] = {0, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof <= 0) return 0;
  if (dof <= 30) return table[dof];
  const double z = 1.959964, v = dof;
  return z + (z * z * z + z) / (4 * v) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * v * v);
}

Estimate estimate(const std::vector<double>& values) {
  Estimate e;
  e.n = static_cast<int>(values.size());
  if (e.n == 0) return e;
  const Eigen::Map<const Eigen::VectorXd> x(values.data(), e.n);
  e.mean = x.mean();
  e.sd = e.n > 1 ? std::sqrt((x.array() - e.mean).square().sum() / (e.n - 1)) : 0.0;
  const double half = e.n > 1 ? t_quantile_975(e.n - 1) * e.sd / std::sqrt(static_cast<double>(e.n)) : 0.0;
  e.ci_low = e.mean - half;
  e.ci_high = e.mean + half;
  return e;
}

double correlation(const std::vector<double>& base, const std::vector<double>& variant) {
  const auto n = static_cast<Eigen::Index>(std::min(base.size(), variant.size()));
  if (n < 2) return std::nan("");
  const Eigen::Map<const Eigen::VectorXd> b(base.data(), n), v(variant.data(), n);
  const Eigen::ArrayXd db = b.array() - b.mean(), dv = v.array() - v.mean();
  const double sbb = db.square().sum(), svv = dv.square().sum();
  if (!(sbb > 0) || !(svv > 0)) return std::nan("");
  return (db * dv).sum() / std::sqrt(sbb * svv);
}

Estimate paired_difference(const std::vector<double>& base, const std::vector<double>& variant) {
  std::vector<double> diff(std::min(base.size(), variant.size()));
  for (std::size_t i = 0; i < diff.size(); ++i) diff[i] = variant[i] - base[i];
  return estimate(diff);
}

}  // namespace pasante::analysis
