// Names that become a folder of their own under runs/ (a scenario's or a
// sweep's name, when --out is not given) must stay a single folder there.
#pragma once
#include <algorithm>
#include <string>
#include <string_view>

namespace pasante {

// Empty when `name` can name one folder; otherwise what is wrong with it.
inline std::string folder_name_problem(std::string_view name) {
  if (name.empty() || name == "." || name == ".." || name.find_first_of("/\\") != std::string_view::npos ||
      std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
    return "expected a name usable as a folder name (no '/', '\\' or control characters, not '.' or '..'), got '" +
           std::string(name) + "'";
  return {};
}

}  // namespace pasante
