#include "scenario/parameter_catalog.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace pasante {

namespace {

// Assigns each declared default and records the declaration.
class DefaultsAndCatalogue final : public ParameterVisitor {
 public:
  std::vector<ParameterSpec> specs;

  void boolean(bool& f, ParameterSpec s) override { f = std::get<bool>(s.fallback); keep(s, ValueKind::boolean); }
  void integer(std::int64_t& f, ParameterSpec s) override {
    f = std::get<std::int64_t>(s.fallback);
    keep(s, ValueKind::integer);
  }
  void real(double& f, ParameterSpec s) override { f = std::get<double>(s.fallback); keep(s, ValueKind::real); }
  void optional_real(std::optional<double>& f, ParameterSpec s) override {
    if (std::holds_alternative<double>(s.fallback)) f = std::get<double>(s.fallback);
    else f.reset();
    keep(s, ValueKind::optional_real);
  }
  void text(std::string& f, ParameterSpec s) override {
    f = std::string(std::get<std::string_view>(s.fallback));
    keep(s, ValueKind::text);
  }
  void date(Date& f, ParameterSpec s) override {
    f = *Date::parse(std::get<std::string_view>(s.fallback));
    keep(s, ValueKind::date);
  }
  void text_list(std::vector<std::string>& f, ParameterSpec s) override {
    const auto& list = std::get<std::vector<std::string_view>>(s.fallback);
    f.assign(list.begin(), list.end());
    keep(s, ValueKind::text_list);
  }
  void file_path(std::string& f, ParameterSpec s) override {
    f = std::string(std::get<std::string_view>(s.fallback));
    keep(s, ValueKind::file_path);
  }
  void choice_index(int& index, ParameterSpec s) override {
    const auto name = std::get<std::string_view>(s.fallback);
    index = static_cast<int>(std::find(s.choices.begin(), s.choices.end(), name) - s.choices.begin());
    keep(s, ValueKind::choice);
  }

 private:
  void keep(ParameterSpec& s, ValueKind kind) {
    s.kind = kind;
    specs.push_back(std::move(s));
  }
};


std::string_view last_segment(std::string_view key) {
  const auto dot = key.rfind('.');
  return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

bool is_parameter_group(std::string_view key) {
  for (const auto& s : parameter_catalog())
    if (s.key.size() > key.size() && s.key.starts_with(key) && s.key[key.size()] == '.') return true;
  return false;
}

ModelParameters default_parameters() {
  ModelParameters p;
  DefaultsAndCatalogue visitor;
  describe_parameters(p, visitor);
  return p;
}

const std::vector<ParameterSpec>& parameter_catalog() {
  static const std::vector<ParameterSpec> catalogue = [] {
    ModelParameters p;
    DefaultsAndCatalogue visitor;
    describe_parameters(p, visitor);
    return std::move(visitor.specs);
  }();
  return catalogue;
}

const ParameterSpec* find_parameter(std::string_view key) {
  for (const auto& s : parameter_catalog())
    if (s.key == key) return &s;
  return nullptr;
}

std::string nearest_parameter_key(std::string_view key) {
  std::string_view best;
  std::size_t best_distance = std::string_view::npos;
  for (const auto& s : parameter_catalog()) {
    std::size_t d = edit_distance(key, s.key);
    // A right name under the wrong parent ("policy.visits_per_month") is close too.
    if (last_segment(key) == last_segment(s.key)) d = std::min<std::size_t>(d, 2);
    if (d < best_distance) {
      best_distance = d;
      best = s.key;
    }
  }
  const std::size_t tolerance = std::max<std::size_t>(3, key.size() / 4);
  return best_distance <= tolerance ? std::string(best) : std::string();
}

std::string format_parameter_table() {
  std::ostringstream out;
  std::string group;
  for (const auto& s : parameter_catalog()) {
    const std::string top(s.key.substr(0, s.key.find('.')));
    if (top != group) {
      out << (group.empty() ? "" : "\n") << "[" << top << "]\n";
      group = top;
    }
    out << "  " << s.key << " (" << kind_name(s.kind);
    if (!s.unit.empty()) out << ", " << s.unit;
    out << ") = " << format_default(s) << "\n";
    out << "      " << s.description;
    if (s.kind == ValueKind::choice) {
      out << "; one of:";
      for (auto c : s.choices) out << " " << c;
    }
    if (std::isfinite(s.min) || std::isfinite(s.max)) {
      char range[96];
      std::snprintf(range, sizeof range, "; range [%g, %g]", s.min, s.max);
      out << range;
    }
    if (s.fixed_at_start) out << "; fixed at start";
    out << "\n";
    if (!s.source.empty()) out << "      source: " << s.source << "\n";
  }
  return out.str();
}

std::string parameter_json_schema() {
  using nlohmann::json;
  json root = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
               {"title", "pasante scenario"},
               {"type", "object"},
               {"additionalProperties", false}};
  root["properties"]["extends"] = {{"type", "string"}, {"description", "Scenario file this one overrides (deep merge)"}};
  json intervention_set = {{"type", "object"}};
  root["properties"]["interventions"] = {
      {"type", "array"},
      {"description", "Changes applied during the run"},
      {"items",
       {{"type", "object"},
        {"required", {"day", "set"}},
        {"additionalProperties", false},
        {"properties", {{"day", {{"type", "integer"}, {"minimum", 0}}}, {"set", intervention_set}}}}}};
  for (const auto& s : parameter_catalog()) {
    json* node = &root;
    std::string_view rest = s.key;
    while (true) {
      const auto dot = rest.find('.');
      const std::string part(rest.substr(0, dot));
      json& props = (*node)["properties"];
      if (dot == std::string_view::npos) {
        json leaf = {{"description", std::string(s.description) + (s.unit.empty() ? "" : " [" + std::string(s.unit) + "]")}};
        switch (s.kind) {
          case ValueKind::boolean: leaf["type"] = "boolean"; break;
          case ValueKind::integer: leaf["type"] = "integer"; break;
          case ValueKind::real: leaf["type"] = "number"; break;
          case ValueKind::optional_real: leaf["type"] = {"number", "null"}; break;
          case ValueKind::text_list: leaf["type"] = "array"; leaf["items"] = {{"type", "string"}}; break;
          case ValueKind::date: leaf["type"] = "string"; leaf["format"] = "date"; break;
          case ValueKind::choice: leaf["enum"] = json::array(); for (auto c : s.choices) leaf["enum"].push_back(c); break;
          default: leaf["type"] = "string"; break;
        }
        if (std::isfinite(s.min)) leaf["minimum"] = s.min;
        if (std::isfinite(s.max)) leaf["maximum"] = s.max;
        props[part] = leaf;
        break;
      }
      json& child = props[part];
      if (!child.contains("type")) child = {{"type", "object"}, {"additionalProperties", false}};
      node = &child;
      rest = rest.substr(dot + 1);
    }
  }
  return root.dump(2);
}

}  // namespace pasante
