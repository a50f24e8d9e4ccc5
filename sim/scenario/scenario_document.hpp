// Reading scenario YAML into flat key -> value entries that remember where
// each key and value were written (file, line, column), following extends:
// chains (deep merge: the extending file wins, key by key).
#pragma once
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/input_error.hpp"

namespace pasante {

struct RawEntry {
  YAML::Node value;
  InputLocation key_at;    // where the key was written
  InputLocation value_at;  // where its value was written
};
using RawEntries = std::map<std::string, RawEntry, std::less<>>;

struct RawIntervention {
  YAML::Node day;
  InputLocation day_at;
  RawEntries changes;
  InputLocation where;
};

struct RawScenario {
  RawEntries entries;
  std::optional<std::vector<RawIntervention>> interventions;  // the nearest file that sets them wins
  std::vector<std::string> files;                             // files read, named file first
};

// The problem to report for a YAML parse error in `text`: "malformed YAML:
// <yaml-cpp's words>", with a hint when the line is indented with tabs, or
// "nested too deeply" for yaml-cpp's depth guard (whose words are "bad file").
std::string yaml_parse_problem(const YAML::Exception& e, std::string_view text);

// A whole number from a YAML scalar, as YAML 1.2 reads it: "030" is 30
// (yaml-cpp follows YAML 1.1 and reads it as octal 24); "0x1e" is 30 too.
// False when the scalar is not a whole number that fits in 64 bits.
bool decode_whole_number(const YAML::Node& node, std::int64_t& out);

// Reads `path` and everything it extends.
RawScenario read_scenario_document(const std::string& path);

// Applies one "--set key=value" override.
void apply_override(RawScenario& scenario, const std::string& assignment);

}  // namespace pasante
