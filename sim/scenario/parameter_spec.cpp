#include "scenario/parameter_spec.hpp"

#include <cstdio>

namespace pasante {

std::string_view kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::boolean: return "boolean";
    case ValueKind::integer: return "integer";
    case ValueKind::real: return "number";
    case ValueKind::optional_real: return "number or null";
    case ValueKind::text: return "text";
    case ValueKind::choice: return "choice";
    case ValueKind::date: return "date";
    case ValueKind::text_list: return "list of text";
    case ValueKind::file_path: return "path";
  }
  return "?";
}

std::string format_default(const ParameterSpec& spec) {
  struct Formatter {
    std::string operator()(std::monostate) const { return "null"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.10g", d);
      return buf;
    }
    std::string operator()(std::string_view s) const { return std::string(s); }
    std::string operator()(const std::vector<std::string_view>& list) const {
      std::string out = "[";
      for (std::size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + std::string(list[i]);
      return out + "]";
    }
  };
  return std::visit(Formatter{}, spec.fallback);
}

}  // namespace pasante
