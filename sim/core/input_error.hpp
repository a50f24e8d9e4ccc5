// Errors in what the user gave us (scenario files, data files, --set values).
// They carry where the problem is, print as one line, and make the command
// line exit with status 2 before any output is written.
#pragma once
#include <stdexcept>
#include <string>

namespace pasante {

struct InputLocation {
  std::string file;   // path as the user named it, or "--set"
  int line = 0;       // 1-based; 0 when unknown
  int column = 0;     // 1-based; 0 when unknown
  std::string key;    // dotted scenario key or data column; empty when none
};

class InputError : public std::runtime_error {
 public:
  InputError(InputLocation where, const std::string& problem)
      : std::runtime_error(format(where, problem)), where_(std::move(where)), problem_(problem) {}
  const InputLocation& where() const { return where_; }
  const std::string& problem() const { return problem_; }

  // "file:line:column: key: problem" (parts that are unknown are left out).
  static std::string format(const InputLocation& where, const std::string& problem) {
    std::string out = where.file;
    if (where.line > 0) {
      out += ":" + std::to_string(where.line);
      if (where.column > 0) out += ":" + std::to_string(where.column);
    }
    if (!where.key.empty()) out += (out.empty() ? "" : ": ") + where.key;
    return out + (out.empty() ? "" : ": ") + problem;
  }

 private:
  InputLocation where_;
  std::string problem_;
};

}  // namespace pasante
