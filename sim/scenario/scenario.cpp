#include "scenario/scenario.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

#include "core/text_source.hpp"
#include "scenario/parameter_catalog.hpp"
#include "scenario/scenario_document.hpp"
#include "scenario/scenario_validation.hpp"

namespace pasante {

namespace {

[[noreturn]] void unknown_key(const RawEntry& entry, const std::string& key) {
  if (is_parameter_group(key) && entry.key_at.file == "--set") {
    // "--set 'policy.supply={allocation: needs_based}'" reads as a mapping, which --set does not take apart.
    std::string example;
    for (const auto& spec : parameter_catalog())
      if (std::string_view(spec.key).starts_with(key + ".")) {
        example = std::string(spec.key);
        break;
      }
    throw InputError(entry.key_at, "is a group of parameters; --set takes one parameter at a time, e.g. --set " +
                                       example + "=VALUE (see `pasante params`)");
  }
  if (is_parameter_group(key))
    throw InputError(entry.value_at, "expected a mapping of its keys (see `pasante params`)");
  const std::string near = nearest_parameter_key(key);
  throw InputError(entry.key_at, near.empty() ? "unknown key" : "unknown key (did you mean '" + near + "'?)");
}

std::string choices_text(const ParameterSpec& spec) {
  std::string out;
  for (auto c : spec.choices) out += (out.empty() ? "" : ", ") + std::string(c);
  return out;
}

std::string number_text(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

// Converts one YAML value to the declared type, checking its range.
ParameterValue typed_value(const RawEntry& entry, const ParameterSpec& spec) {
  const YAML::Node& node = entry.value;
  const InputLocation& where = entry.value_at;
  auto fail = [&](const std::string& problem) -> ParameterValue { throw InputError(where, problem); };
  const bool is_null = node.IsNull() || (node.IsScalar() && (node.Scalar() == "~" || node.Scalar() == "null"));
  if (spec.kind == ValueKind::text_list) {
    if (!node.IsSequence()) return fail("expected a list, e.g. [\"014\", \"017\"]");
    std::vector<std::string> list;
    for (const auto& item : node) {
      if (!item.IsScalar()) return fail("expected a list of plain values");
      list.push_back(item.Scalar());
    }
    if (list.empty()) return fail("expected at least one entry");
    return list;
  }
  if (spec.kind == ValueKind::optional_real && is_null) return std::monostate{};
  if (!node.IsScalar() || is_null)
    return fail("expected " + std::string(spec.kind == ValueKind::choice ? "one of: " + choices_text(spec)
                                                                         : std::string(kind_name(spec.kind))));
  const std::string& text = node.Scalar();
  auto in_range = [&](double x) {
    if (!(x >= spec.min && x <= spec.max))
      fail("value " + text + " is out of range [" + number_text(spec.min) + ", " + number_text(spec.max) + "]");
  };
  switch (spec.kind) {
    case ValueKind::boolean: {
      bool b = false;
      if (!YAML::convert<bool>::decode(node, b)) return fail("expected true or false, got '" + text + "'");
      return b;
    }
    case ValueKind::integer: {
      std::int64_t i = 0;
      double d = 0;
      if (!decode_whole_number(node, i)) {
        if (YAML::convert<double>::decode(node, d) && std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9e15)
          i = static_cast<std::int64_t>(d);
        else
          return fail("expected a whole number, got '" + text + "'");
      }
      in_range(static_cast<double>(i));
      return i;
    }
    case ValueKind::real:
    case ValueKind::optional_real: {
      double d = 0;
      if (!YAML::convert<double>::decode(node, d) || !std::isfinite(d))
        return fail("expected a number, got '" + text + "'");
      in_range(d);
      return d;
    }
    case ValueKind::date: {
      const auto date = Date::parse(text);
      if (!date) return fail("expected a date YYYY-MM-DD, got '" + text + "'");
      return *date;
    }
    case ValueKind::choice: {
      for (auto c : spec.choices)
        if (c == text) return text;
      return fail("'" + text + "' is not one of: " + choices_text(spec));
    }
    case ValueKind::file_path:
      // Relative to the file that names it; from --set, relative to the working directory.
      return where.file == "--set" ? text : resolve_relative(where.file, text);
    case ValueKind::text:
      return text;
    case ValueKind::text_list:
      break;
  }
  return fail("unsupported value");
}

ParameterSettings typed_settings(const RawEntries& entries, bool during_run) {
  ParameterSettings out;
  for (const auto& [key, entry] : entries) {
    const ParameterSpec* spec = find_parameter(key);
    if (!spec) {
      // A group left empty ("policy: {}", or every key under it commented out) sets nothing.
      const YAML::Node& v = entry.value;
      if (is_parameter_group(key) && (v.IsNull() || (v.IsMap() && v.size() == 0))) continue;
      unknown_key(entry, key);
    }
    if (during_run && spec->fixed_at_start)
      throw InputError(entry.key_at, "cannot change during a run (it is fixed at the start)");
    out[key] = ParameterSetting{typed_value(entry, *spec), entry.value_at};
  }
  return out;
}

}  // namespace

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  RawScenario raw = read_scenario_document(path);
  for (const auto& assignment : overrides) apply_override(raw, assignment);

  Scenario scenario;
  scenario.source = path;
  scenario.files = raw.files;
  scenario.parameters = default_parameters();
  const ParameterSettings settings = typed_settings(raw.entries, false);
  apply_settings(scenario.parameters, settings);
  validate_parameters(scenario.parameters, settings, path);
  for (const auto& [key, setting] : settings) scenario.set_at[key] = setting.where;

  if (raw.interventions) {
    const auto days_set = settings.find("scenario.days");
    const bool days_from_command_line = days_set != settings.end() && days_set->second.where.file == "--set";
    for (const auto& item : *raw.interventions) {
      std::int64_t day = -1;
      if (!item.day.IsScalar() || !decode_whole_number(item.day, day) || day < 0 ||
          day >= scenario.parameters.scenario.days)
        throw InputError(item.day_at, "expected a day from 0 to scenario.days - 1 (" +
                                          std::to_string(scenario.parameters.scenario.days - 1) +
                                          (days_from_command_line ? "; scenario.days is set by --days or --set)" : ")"));
      Intervention intervention{static_cast<SimDay>(day), typed_settings(item.changes, true), item.where};
      // Check the scenario stays valid once the change is in force.
      ModelParameters after = scenario.parameters;
      apply_settings(after, intervention.changes);
      validate_parameters(after, intervention.changes, path);
      scenario.interventions.push_back(std::move(intervention));
    }
    std::stable_sort(scenario.interventions.begin(), scenario.interventions.end(),
                     [](const Intervention& a, const Intervention& b) { return a.day < b.day; });
  }
  return scenario;
}

InputLocation Scenario::where_set(std::string_view key) const {
  if (const auto it = set_at.find(key); it != set_at.end()) return it->second;
  return {source, 0, 0, std::string(key)};
}

nlohmann::json Scenario::resolved_json() const {
  ModelParameters copy = parameters;
  nlohmann::json out = parameters_to_json(copy);
  out["interventions"] = nlohmann::json::array();
  for (const auto& i : interventions) {
    nlohmann::json set = nlohmann::json::object();
    for (const auto& [key, setting] : i.changes) set[key] = value_to_json(setting.value);
    out["interventions"].push_back({{"day", i.day}, {"set", set}});
  }
  return out;
}

std::string Scenario::resolved_text() const { return resolved_json().dump(2) + "\n"; }

}  // namespace pasante
