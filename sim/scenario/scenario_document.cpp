#include "scenario/scenario_document.hpp"

#include <algorithm>
#include <charconv>

#include <yaml-cpp/depthguard.h>

#include "core/text_source.hpp"

namespace pasante {

namespace {

InputLocation at(const std::string& file, const YAML::Mark& mark, std::string key) {
  if (mark.is_null()) return {file, 0, 0, std::move(key)};
  return {file, mark.line + 1, mark.column + 1, std::move(key)};
}

// Where a value was written. yaml-cpp places an empty value ("days:") at the
// start of the next line, so such values are located at their key instead.
YAML::Mark value_mark(const YAML::Node& key, const YAML::Node& value) {
  const YAML::Mark v = value.Mark();
  if (v.is_null() || (value.IsNull() && v.line != key.Mark().line)) return key.Mark();
  return v;
}

// A mapping may name a key once: yaml-cpp keeps both, and two "scenario:"
// blocks would be merged (or the later "day:" of an intervention would win)
// without a word. `prefix` is the dotted key of the mapping.
void require_unique_keys(const YAML::Node& node, const std::string& prefix, const std::string& file) {
  std::map<std::string, YAML::Mark> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node k = it->first;
    if (!k.IsScalar()) continue;  // reported by the readers
    const auto [first, inserted] = seen.emplace(k.Scalar(), k.Mark());
    if (!inserted)
      throw InputError(at(file, k.Mark(), prefix.empty() ? k.Scalar() : prefix + "." + k.Scalar()),
                       "set twice in this file (first at line " + std::to_string(first->second.line + 1) +
                           ", column " + std::to_string(first->second.column + 1) + ")");
  }
}

// Flattens nested mappings into dotted keys; sequences and scalars are leaves.
// A key may be written once per file, whether nested or dotted (YAML requires
// unique keys, but yaml-cpp keeps duplicates, and the later would silently win).
void flatten(const YAML::Node& node, const std::string& prefix, const std::string& file, RawEntries& out) {
  require_unique_keys(node, prefix, file);
  for (auto it = node.begin(); it != node.end(); ++it) {
    // Copies, not references: yaml-cpp's operator-> returns a temporary proxy,
    // so a reference to it->first would dangle after this statement.
    const YAML::Node k = it->first;
    if (!k.IsScalar())
      throw InputError(at(file, k.Mark(), prefix), "keys must be plain names");
    const std::string key = prefix.empty() ? k.Scalar() : prefix + "." + k.Scalar();
    if (k.Scalar() == "<<")
      throw InputError(at(file, k.Mark(), key), "YAML merge keys (<<) are not supported: write the keys out");
    const YAML::Node v = it->second;
    if (v.IsMap() && v.size() > 0) {
      flatten(v, key, file, out);
    } else {
      if (const auto it_prev = out.find(key); it_prev != out.end())
        throw InputError(at(file, k.Mark(), key), "set twice in this file (first at line " +
                                                      std::to_string(it_prev->second.key_at.line) + ", column " +
                                                      std::to_string(it_prev->second.key_at.column) + ")");
      out[key] = RawEntry{v, at(file, k.Mark(), key), at(file, value_mark(k, v), key)};
    }
  }
}

std::vector<RawIntervention> read_interventions(const YAML::Node& node, const std::string& file) {
  std::vector<RawIntervention> out;
  if (node.IsNull()) return out;
  if (!node.IsSequence())
    throw InputError(at(file, node.Mark(), "interventions"), "expected a list of {day: N, set: {key: value}}");
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    const std::string name = "interventions[" + std::to_string(i) + "]";
    if (!item.IsMap()) throw InputError(at(file, item.Mark(), name), "expected {day: N, set: {key: value}}");
    RawIntervention raw;
    raw.where = at(file, item.Mark(), name);
    require_unique_keys(item, name, file);
    for (auto it = item.begin(); it != item.end(); ++it) {
      if (!it->first.IsScalar())
        throw InputError(at(file, it->first.Mark(), name), "keys must be plain names (an intervention has day and set)");
      const std::string k = it->first.Scalar();
      if (k == "day") {
        raw.day = it->second;
        raw.day_at = at(file, value_mark(it->first, it->second), name + ".day");
      } else if (k == "set") {
        if (!it->second.IsMap())
          throw InputError(at(file, it->second.Mark(), name + ".set"), "expected a mapping of keys to new values");
        flatten(it->second, "", file, raw.changes);
      } else {
        throw InputError(at(file, it->first.Mark(), name + "." + k), "unknown key (an intervention has only day and set)");
      }
    }
    // (A default-constructed YAML::Node counts as defined: test for null.)
    if (!raw.day || raw.day.IsNull()) throw InputError(raw.where, "missing day");
    if (raw.changes.empty()) throw InputError(raw.where, "missing set");
    out.push_back(std::move(raw));
  }
  return out;
}

RawScenario read_file(const std::string& path, std::vector<std::string>& chain, const InputLocation& named_at) {
  const auto text = read_text_file(path);
  if (!text) {
    InputLocation where = named_at;
    if (where.file.empty()) where.file = path;
    throw InputError(where, "cannot read scenario file '" + path + "'");
  }
  require_utf8(*text, path);  // YAML is Unicode; values reach JSON and HTML outputs
  YAML::Node root;
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    throw InputError(at(path, e.mark, ""), yaml_parse_problem(e, *text));
  }
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) throw InputError(at(path, root.Mark(), ""), "a scenario must be a mapping of keys to values");

  require_unique_keys(root, "", path);
  chain.push_back(canonical_identity(path));
  RawScenario merged;
  if (const YAML::Node parent = root["extends"]) {
    const InputLocation extends_at = at(path, parent.Mark(), "extends");
    if (!parent.IsScalar()) throw InputError(extends_at, "expected the path of one scenario file");
    const std::string parent_path = resolve_relative(path, parent.Scalar());
    if (std::find(chain.begin(), chain.end(), canonical_identity(parent_path)) != chain.end())
      throw InputError(extends_at, "extends cycle: '" + parent.Scalar() + "' already extends this file");
    merged = read_file(parent_path, chain, extends_at);
  }
  chain.pop_back();

  RawEntries own;
  std::optional<std::vector<RawIntervention>> own_interventions;
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string k = it->first.IsScalar() ? it->first.Scalar() : "";
    if (k == "extends") continue;
    if (k == "interventions") {
      own_interventions = read_interventions(it->second, path);
      continue;
    }
    YAML::Node single(YAML::NodeType::Map);
    single[it->first] = it->second;
    flatten(single, "", path, own);
  }
  // Deep merge: the extending file's keys replace its parent's, one by one.
  for (auto& [key, entry] : own) merged.entries[key] = std::move(entry);
  if (own_interventions) merged.interventions = std::move(own_interventions);
  merged.files.insert(merged.files.begin(), path);
  return merged;
}

}  // namespace

std::string yaml_parse_problem(const YAML::Exception& e, std::string_view text) {
  if (const auto* deep = dynamic_cast<const YAML::DeepRecursion*>(&e))
    return "nested too deeply (more than " + std::to_string(deep->depth() - 1) + " levels)";
  std::string problem = "malformed YAML: " + e.msg;
  // The line of the error (yaml-cpp's lines are 0-based), and whether tabs indent it.
  if (!e.mark.is_null() && e.mark.line >= 0 && e.msg.find("tab") == std::string::npos) {
    std::size_t start = 0;
    for (int line = 0; line < e.mark.line && start != std::string_view::npos; ++line) {
      start = text.find('\n', start);
      if (start != std::string_view::npos) ++start;
    }
    if (start != std::string_view::npos) {
      const std::string_view rest = text.substr(start);
      const std::string_view line = rest.substr(0, rest.find('\n'));
      const std::string_view indent = line.substr(0, line.find_first_not_of(" \t"));
      if (indent.find('\t') != std::string_view::npos) problem += " (YAML indents with spaces, not tabs)";
    }
  }
  return problem;
}

bool decode_whole_number(const YAML::Node& node, std::int64_t& out) {
  if (!node.IsScalar()) return false;
  const std::string& text = node.Scalar();
  std::string_view digits = text;
  if (digits.starts_with('+') && !digits.starts_with("+-")) digits.remove_prefix(1);
  const bool decimal = !digits.empty() && digits.find_first_not_of("0123456789", digits.starts_with('-') ? 1 : 0) ==
                                              std::string_view::npos;
  if (!decimal) return YAML::convert<std::int64_t>::decode(node, out);
  const auto [end, status] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return status == std::errc() && end == digits.data() + digits.size();
}

RawScenario read_scenario_document(const std::string& path) {
  std::vector<std::string> chain;
  return read_file(path, chain, InputLocation{});
}

void apply_override(RawScenario& scenario, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError({"--set", 0, 0, assignment}, "expected KEY=VALUE, e.g. policy.supply.allocation=needs_based");
  const std::string key = assignment.substr(0, eq);
  if (const auto bad = first_invalid_utf8(assignment))
    throw InputError({"--set", 0, 0, *bad < eq ? printable_prefix(assignment, *bad) : key},
                     not_utf8_problem(assignment[*bad]));
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    throw InputError({"--set", 0, 0, key}, "malformed value: " + e.msg);
  }
  const InputLocation where{"--set", 0, 0, key};
  if (key == "interventions" || key == "extends")
    throw InputError(where, "cannot be set from the command line");
  scenario.entries[key] = RawEntry{value, where, where};
}

}  // namespace pasante
