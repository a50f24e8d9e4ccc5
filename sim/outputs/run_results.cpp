#include "outputs/run_results.hpp"

#include <charconv>

namespace pasante {

std::string format_number(double value) {
  if (value == 0) return "0";  // also folds -0
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc{} ? std::string(buf, end) : std::string("nan");
}

}  // namespace pasante
