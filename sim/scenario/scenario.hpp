// A scenario: parameters resolved from a YAML file, the files it extends and
// --set overrides, plus the interventions scheduled during the run.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model_parameters.hpp"
#include "scenario/parameter_value.hpp"

namespace pasante {

// A dated set of parameter changes (`interventions:` in the scenario).
struct Intervention {
  SimDay day = 0;
  ParameterSettings changes;
  InputLocation where;
};

struct Scenario {
  std::string source;                 // the file the user named ("embedded:..." for the default)
  std::vector<std::string> files;     // every file read, the named one first, then what it extends
  ModelParameters parameters;
  std::vector<Intervention> interventions;
  std::map<std::string, InputLocation, std::less<>> set_at;  // where each key set before the run was written

  // Where `key` was set (file, line, column), or the scenario file itself
  // (no line) when it keeps its default: for errors found after loading,
  // such as a municipality missing from a data file.
  InputLocation where_set(std::string_view key) const;

  // Fully resolved scenario (every parameter, after extends and --set) as JSON.
  nlohmann::json resolved_json() const;
  // Canonical text of resolved_json(): the input whose SHA-256 names the scenario.
  std::string resolved_text() const;
};

// Loads and validates a scenario. `overrides` are "path.to.key=value" strings
// (from --set), applied after the file and everything it extends. Throws
// InputError naming file, line, column and key on any problem.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace pasante
