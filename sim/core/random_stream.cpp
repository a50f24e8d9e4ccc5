#include "core/random_stream.hpp"

#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

namespace pasante {

double RandomStream::normal(double mean, double sd) {
  boost::random::normal_distribution<double> dist(mean, sd);
  return dist(*this);
}

std::uint32_t RandomStream::poisson(double mean) {
  if (mean <= 0.0) return 0;
  boost::random::poisson_distribution<std::uint32_t, double> dist(mean);
  return dist(*this);
}

}  // namespace pasante
