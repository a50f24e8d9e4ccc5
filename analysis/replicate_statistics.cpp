#include "analysis/replicate_statistics.hpp"

#include <Eigen/Dense>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>

namespace pasante::analysis {

double t_quantile_975(double dof) {
  if (!(dof > 0)) return std::nan("");
  return boost::math::quantile(boost::math::students_t(dof), 0.975);
}

double t_two_sided_p(double t, double dof) {
  if (!(dof > 0) || std::isnan(t)) return std::nan("");
  if (std::isinf(t)) return 0;
  return 2 * boost::math::cdf(boost::math::complement(boost::math::students_t(dof), std::fabs(t)));
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
