#include "scenario/parameter_docs.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <string_view>

#include "scenario/parameter_catalog.hpp"

namespace pasante {

namespace {

// A table cell: pipes escaped (also inside code spans, as GFM requires) and
// line breaks folded into spaces so a cell never ends the row.
std::string cell(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string code(std::string_view text) { return "`" + cell(text) + "`"; }

// Locale-independent shortest form of a bound ("%g" never uses a thousands
// separator, and the C locale is in force in every pasante binary).
std::string bound(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

std::string type_of(const ParameterSpec& s) {
  std::string out(kind_name(s.kind));
  if (s.kind == ValueKind::choice) {
    out += ":";
    for (std::size_t i = 0; i < s.choices.size(); ++i) out += (i ? ", " : " ") + code(s.choices[i]);
  }
  return out;
}

std::string range_of(const ParameterSpec& s) {
  const bool lo = std::isfinite(s.min), hi = std::isfinite(s.max);
  if (lo && hi) return "[" + bound(s.min) + ", " + bound(s.max) + "]";
  if (lo) return "≥ " + bound(s.min);
  if (hi) return "≤ " + bound(s.max);
  return "";
}

std::string default_of(const ParameterSpec& s) {
  const std::string text = format_default(s);
  return text.empty() ? "`\"\"`" : code(text);
}

std::string description_of(const ParameterSpec& s) {
  std::string out = cell(s.description);
  if (s.fixed_at_start) out += out.empty() ? "Fixed at start." : " (fixed at start)";
  return out;
}

}  // namespace

std::string format_parameter_markdown() {
  std::ostringstream out;
  std::string group;
  for (const ParameterSpec& s : parameter_catalog()) {
    const std::string top(s.key.substr(0, s.key.find('.')));
    if (top != group) {
      out << (group.empty() ? "" : "\n") << "### `" << top << "`\n\n"
          << "| key | type | unit | default | range | description | source |\n"
          << "|---|---|---|---|---|---|---|\n";
      group = top;
    }
    out << "| " << code(s.key) << " | " << type_of(s) << " | " << cell(s.unit) << " | " << default_of(s) << " | "
        << range_of(s) << " | " << description_of(s) << " | " << cell(s.source) << " |\n";
  }
  return out.str();
}

}  // namespace pasante
