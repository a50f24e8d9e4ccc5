#include "analysis/sweep_design.hpp"

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>

#include "core/folder_name.hpp"
#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "core/sha256.hpp"
#include "core/text_source.hpp"
#include "scenario/scenario_document.hpp"
#include "outputs/run_results.hpp"
#include "scenario/parameter_catalog.hpp"

namespace pasante::analysis {

std::string short_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, std::abs(x) >= 1e4 && std::abs(x) < 1e15 ? "%.0f" : "%.4g", x);
  return buf;
}

namespace {

constexpr int kMaxReplicates = 100000;
constexpr int kMaxSamples = 100000;
constexpr std::size_t kMaxPoints = 100000;

const std::vector<std::string_view>& sweep_keys() {
  static const std::vector<std::string_view> keys{"name",   "description", "base",   "replicates",
                                                  "seed",   "design",      "grid",   "samples",
                                                  "ranges", "store_timeseries"};
  return keys;
}

InputLocation at(const std::string& file, const YAML::Mark& mark, std::string key) {
  if (mark.is_null()) return {file, 0, 0, std::move(key)};
  return {file, mark.line + 1, mark.column + 1, std::move(key)};
}
InputLocation at(const std::string& file, const YAML::Node& node, std::string key) {
  return at(file, node.Mark(), std::move(key));
}

std::string nearest_of(std::string_view key, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  std::size_t best_distance = std::string_view::npos;
  for (auto c : candidates) {
    const std::size_t d = edit_distance(key, c);
    if (d < best_distance) best_distance = d, best = c;
  }
  return best_distance <= std::max<std::size_t>(2, key.size() / 3) ? std::string(best) : std::string();
}

// The name a point's label uses for a key: its last segment, or the last two
// when the last is a bare category ("stipends_mxn.CC").
std::string last_segment(const std::string& key) {
  const auto dot = key.rfind('.');
  if (dot == std::string::npos) return key;
  if (key.size() - dot - 1 <= 2) {
    const auto before = key.rfind('.', dot - 1);
    return before == std::string::npos ? key : key.substr(before + 1);
  }
  return key.substr(dot + 1);
}

// A value as YAML text that reads back to the same node (quoted when needed).
std::string yaml_text(const YAML::Node& node) {
  YAML::Emitter out;
  out.SetSeqFormat(YAML::Flow);
  out.SetMapFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

// How a value shows in a point's label.
std::string display_text(const YAML::Node& node) { return node.IsScalar() ? node.Scalar() : yaml_text(node); }

struct Entry {
  YAML::Node key, value;
};

// One varied parameter: the values a grid lists, or the range an LHS samples.
struct Varied {
  std::string key;
  const ParameterSpec* spec = nullptr;
  InputLocation key_at;
  std::vector<std::string> texts, displays;   // grid values
  std::vector<InputLocation> value_at;        // grid values' locations
  double low = 0, high = 0;                   // lhs range
  InputLocation range_at;
};

class Loader {
 public:
  Loader(std::string file, std::vector<std::string> common) : file_(std::move(file)) {
    design_.file = file_;
    design_.common_overrides = std::move(common);
  }

  SweepDesign load() {
    const auto text = read_text_file(file_);
    if (!text) throw InputError({file_, 0, 0, ""}, "cannot read sweep file '" + file_ + "'");
    require_utf8(*text, file_);
    YAML::Node root;
    try {
      root = YAML::Load(*text);
    } catch (const YAML::Exception& e) {
      throw InputError(at(file_, e.mark, ""), yaml_parse_problem(e, *text));
    }
    if (!root.IsMap())
      throw InputError(at(file_, root, ""), "a sweep file is a mapping with one key, sweep: (see `pasante sweep --help`)");
    const YAML::Node body = sweep_body(root);
    read_entries(body);
    read_base();
    read_settings();
    if (design_.design == "grid")
      read_grid();
    else
      read_ranges();
    check_common_overrides();
    expand();
    return std::move(design_);
  }

 private:
  const std::string file_;
  SweepDesign design_;
  std::map<std::string, Entry> entries_;
  InputLocation body_at_;
  std::vector<Varied> varied_;
  std::int64_t base_seed_ = 1;

  YAML::Node sweep_body(const YAML::Node& root) {
    YAML::Node body;
    bool found = false;  // (a default-constructed YAML::Node counts as defined)
    for (auto it = root.begin(); it != root.end(); ++it) {
      const YAML::Node k = it->first;
      const std::string name = k.IsScalar() ? k.Scalar() : "";
      if (name == "sweep") {
        if (found)
          throw InputError(at(file_, k, "sweep"), "set twice in this file (first at line " +
                                                      std::to_string(body_at_.line) + ", column " +
                                                      std::to_string(body_at_.column) + ")");
        body = it->second;
        body_at_ = at(file_, k, "sweep");
        found = true;
      }
    }
    for (auto it = root.begin(); it != root.end(); ++it) {
      const YAML::Node k = it->first;
      if (k.IsScalar() && k.Scalar() == "sweep") continue;
      const std::string name = k.IsScalar() ? k.Scalar() : "";
      const bool sweep_key = std::find(sweep_keys().begin(), sweep_keys().end(), name) != sweep_keys().end();
      std::string problem = "unknown key (a sweep file has one top-level key, sweep:)";
      if (sweep_key)
        problem = "belongs under sweep: (indent it)";
      else if (!found && !nearest_of(name, {"sweep"}).empty())
        problem = "unknown key (did you mean 'sweep'?)";
      throw InputError(at(file_, k, name), problem);
    }
    if (!found) throw InputError(at(file_, root, ""), "a sweep file is a mapping with one key, sweep:");
    if (!body.IsMap())
      throw InputError(at(file_, body, "sweep"),
                       "expected a mapping of the sweep's keys (name, base, replicates, seed, grid or design: lhs...)");
    return body;
  }

  void read_entries(const YAML::Node& body) {
    for (auto it = body.begin(); it != body.end(); ++it) {
      const YAML::Node k = it->first;
      if (!k.IsScalar()) throw InputError(at(file_, k, ""), "keys must be plain names");
      const std::string name = k.Scalar();
      if (std::find(sweep_keys().begin(), sweep_keys().end(), name) == sweep_keys().end()) {
        std::string problem = "unknown sweep key";
        if (const std::string near = nearest_of(name, sweep_keys()); !near.empty())
          problem += " (did you mean '" + near + "'?)";
        else if (find_parameter(name) || is_parameter_group(name))
          problem += " (scenario parameters go in the base scenario, or under grid: to vary them)";
        else
          problem += " (known keys: name, description, base, replicates, seed, design, grid, samples, ranges, "
                     "store_timeseries)";
        throw InputError(at(file_, k, name), problem);
      }
      if (const auto prev = entries_.find(name); prev != entries_.end())
        throw InputError(at(file_, k, name), "set twice (first at line " +
                                                 std::to_string(prev->second.key.Mark().line + 1) + ")");
      entries_[name] = Entry{k, it->second};
    }
  }

  const Entry* entry(const std::string& name) const {
    const auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
  }
  InputLocation value_at(const Entry& e, const std::string& name) const {
    // An empty value ("seed:") sits at the next line for yaml-cpp: point at the key.
    if (e.value.IsNull() && e.value.Mark().line != e.key.Mark().line) return at(file_, e.key, name);
    return at(file_, e.value, name);
  }

  std::string scalar(const std::string& name, const std::string& what) const {
    const Entry& e = *entry(name);
    if (!e.value.IsScalar() || e.value.IsNull()) throw InputError(value_at(e, name), "expected " + what);
    return e.value.Scalar();
  }

  std::int64_t whole_number(const std::string& name, std::int64_t low, std::int64_t high) const {
    const Entry& e = *entry(name);
    std::int64_t v = 0;
    if (!e.value.IsScalar() || !decode_whole_number(e.value, v) || v < low || v > high) {
      const std::string range = high >= (std::int64_t{1} << 40)
                                    ? "a whole number from " + std::to_string(low) + " up"
                                    : "a whole number from " + std::to_string(low) + " to " + std::to_string(high);
      throw InputError(value_at(e, name),
                       "expected " + range + (e.value.IsScalar() ? ", got '" + e.value.Scalar() + "'" : ""));
    }
    return v;
  }

  void read_base() {
    const Entry* e = entry("base");
    if (!e) throw InputError(body_at_, "missing base: the scenario file the sweep varies (relative to the sweep file)");
    const std::string named = scalar("base", "the path of a scenario file");
    design_.base = resolve_relative(file_, named);
    if (!read_text_file(design_.base))
      throw InputError(value_at(*e, "base"), "cannot read scenario file '" + named + "'" +
                                                 (named == design_.base ? "" : " (resolved to '" + design_.base + "')"));
    // Errors in the base scenario (or in --set) name their own file and line.
    const Scenario base = load_scenario(design_.base, design_.common_overrides);
    base_seed_ = base.parameters.scenario.seed;
  }

  void read_settings() {
    if (entry("name")) {
      design_.name = scalar("name", "a name");
      // The default output directory is runs/<name>: an empty name would put the results in runs/ itself.
      if (const std::string problem = folder_name_problem(design_.name); !problem.empty())
        throw InputError(value_at(*entry("name"), "name"), problem);
    } else {
      design_.name = std::filesystem::path(file_).stem().string();
    }
    design_.replicates = entry("replicates") ? static_cast<int>(whole_number("replicates", 1, kMaxReplicates)) : 1;
    design_.seed = entry("seed") ? whole_number("seed", 0, std::int64_t{1} << 52) : base_seed_;
    if (const Entry* e = entry("store_timeseries")) {
      bool b = false;
      if (!e->value.IsScalar() || !YAML::convert<bool>::decode(e->value, b))
        throw InputError(value_at(*e, "store_timeseries"), "expected true or false");
      design_.store_timeseries = b;
    }
    if (const Entry* e = entry("design")) {
      const std::string d = scalar("design", "grid or lhs");
      if (d != "grid" && d != "lhs")
        throw InputError(value_at(*e, "design"),
                         "'" + d + "' is not a design; expected grid (cartesian product of listed values) or lhs "
                                   "(Latin hypercube over ranges)");
      design_.design = d;
    } else if (entry("ranges") && !entry("grid")) {
      design_.design = "lhs";
    }
    if (design_.design == "grid") {
      for (const char* k : {"samples", "ranges"})
        if (const Entry* e = entry(k))
          throw InputError(at(file_, e->key, k), std::string("belongs to design: lhs (this sweep is a grid)"));
    } else {
      if (const Entry* e = entry("grid"))
        throw InputError(at(file_, e->key, "grid"), "a design: lhs sweep samples its ranges: and takes no grid");
      if (!entry("samples"))
        throw InputError(body_at_, "design: lhs needs samples: N (the number of points)");
      if (!entry("ranges")) throw InputError(body_at_, "design: lhs needs ranges: {key: [low, high]}");
      design_.samples = static_cast<int>(whole_number("samples", 1, kMaxSamples));
    }
  }

  // Checks one key named in grid or ranges against the catalogue.
  const ParameterSpec& varied_spec(const YAML::Node& k, const std::string& group) {
    if (!k.IsScalar()) throw InputError(at(file_, k, group), "keys must be dotted parameter names");
    const std::string key = k.Scalar();
    const InputLocation where = at(file_, k, group + "." + key);
    if (key == "scenario.seed")
      throw InputError(where, "cannot be varied: replicate r of every point runs with seed (sweep seed + r); set "
                              "sweep.seed instead");
    const ParameterSpec* spec = find_parameter(key);
    if (!spec) {
      if (is_parameter_group(key))
        throw InputError(where, "is a group of parameters; name one of them (see `pasante params`)");
      const std::string near = nearest_parameter_key(key);
      throw InputError(where, near.empty() ? "unknown parameter (see `pasante params`)"
                                           : "unknown parameter (did you mean '" + near + "'?)");
    }
    for (const auto& v : varied_)
      if (v.key == key) throw InputError(where, "named twice");
    return *spec;
  }

  // Loads the base scenario with `overrides`; errors about the varied values
  // are moved to where the sweep file wrote them.
  Scenario load_with(const std::vector<std::string>& overrides, const std::map<std::string, InputLocation>& written,
                     const std::string& context = "") const {
    try {
      return load_scenario(design_.base, overrides);
    } catch (const InputError& e) {
      if (e.where().file == "--set") {
        if (const auto it = written.find(e.where().key); it != written.end()) {
          InputLocation where = it->second;
          where.key = e.where().key;
          throw InputError(where, e.problem() + context);
        }
      }
      if (context.empty()) throw;
      throw InputError(e.where(), e.problem() + context);
    }
  }

  void read_grid() {
    const Entry* e = entry("grid");
    if (!e || e->value.IsNull()) return;  // no grid: one point, the base scenario
    if (!e->value.IsMap())
      throw InputError(value_at(*e, "grid"), "expected a mapping of parameter keys to lists of values, e.g. "
                                             "policy.supply.allocation: [fixed_basket, needs_based]");
    for (auto it = e->value.begin(); it != e->value.end(); ++it) {
      const YAML::Node k = it->first, values = it->second;
      const ParameterSpec& spec = varied_spec(k, "grid");
      Varied v;
      v.key = k.Scalar();
      v.spec = &spec;
      v.key_at = at(file_, k, v.key);
      // A list of values; for list-valued parameters, a list of lists. A single value fixes the key.
      std::vector<YAML::Node> items;
      const bool list_param = spec.kind == ValueKind::text_list;
      if (values.IsSequence() && (!list_param || (values.size() > 0 && values[0].IsSequence())))
        for (const auto& item : values) items.push_back(item);
      else if (values.IsScalar() || (list_param && values.IsSequence()))
        items.push_back(values);
      if (items.empty() || values.IsNull())
        throw InputError(values.IsNull() ? v.key_at : at(file_, values, v.key),
                         list_param ? "expected a list of values, each a list, e.g. [[\"014\"], [\"014\", \"017\"]]"
                                    : "expected a list of values, e.g. [1, 2]");
      std::set<std::string> seen;
      for (const auto& item : items) {
        const InputLocation where = at(file_, item, v.key);
        if (item.IsMap() || (item.IsSequence() && !list_param))
          throw InputError(where, "expected a plain value");
        const std::string text = yaml_text(item);
        if (!seen.insert(text).second) throw InputError(where, "value '" + display_text(item) + "' listed twice");
        std::vector<std::string> overrides = design_.common_overrides;
        overrides.push_back(v.key + "=" + text);
        load_with(overrides, {{v.key, where}});
        v.texts.push_back(text);
        v.displays.push_back(display_text(item));
        v.value_at.push_back(where);
      }
      varied_.push_back(std::move(v));
    }
  }

  void read_ranges() {
    const Entry* e = entry("ranges");
    if (!e->value.IsMap() || e->value.size() == 0)
      throw InputError(value_at(*e, "ranges"),
                       "expected a mapping of numeric parameter keys to [low, high], e.g. "
                       "policy.supervision.visits_per_month: [0.5, 4]");
    for (auto it = e->value.begin(); it != e->value.end(); ++it) {
      const YAML::Node k = it->first, range = it->second;
      const ParameterSpec& spec = varied_spec(k, "ranges");
      Varied v;
      v.key = k.Scalar();
      v.spec = &spec;
      v.key_at = at(file_, k, v.key);
      v.range_at = at(file_, range, v.key);
      const bool integer = spec.kind == ValueKind::integer;
      if (spec.kind != ValueKind::integer && spec.kind != ValueKind::real && spec.kind != ValueKind::optional_real)
        throw InputError(v.key_at, std::string("is a ") + std::string(kind_name(spec.kind)) +
                                       " parameter; ranges take numeric parameters only (list its values under "
                                       "grid: in a grid sweep instead)");
      if (!range.IsSequence() || range.size() != 2 || !range[0].IsScalar() || !range[1].IsScalar())
        throw InputError(v.range_at, "expected [low, high]");
      for (int i = 0; i < 2; ++i) {
        const YAML::Node bound = range[i];
        const InputLocation where = at(file_, bound, v.key);
        double x = 0;
        if (!YAML::convert<double>::decode(bound, x) || !std::isfinite(x))
          throw InputError(where, "expected a number, got '" + bound.Scalar() + "'");
        if (integer && x != std::floor(x)) throw InputError(where, "expected a whole number, got '" + bound.Scalar() + "'");
        // The loader checks the type and the declared range.
        std::vector<std::string> overrides = design_.common_overrides;
        overrides.push_back(v.key + "=" + bound.Scalar());
        load_with(overrides, {{v.key, where}});
        (i == 0 ? v.low : v.high) = x;
      }
      if (!(v.low < v.high)) throw InputError(v.range_at, "low must be below high");
      varied_.push_back(std::move(v));
    }
  }

  void check_common_overrides() const {
    for (const auto& o : design_.common_overrides) {
      const std::string key = o.substr(0, o.find('='));
      if (key == "scenario.seed")
        throw InputError({"--set", 0, 0, key}, "cannot be set for a sweep: replicate r runs with seed (sweep seed + r); "
                                               "set sweep.seed in the sweep file");
      for (const auto& v : varied_)
        if (v.key == key) throw InputError({"--set", 0, 0, key}, "is varied by the sweep (" + v.key_at.file + ":" +
                                                                       std::to_string(v.key_at.line) + ")");
    }
  }

  std::vector<std::string> labels_keys() const {
    std::vector<std::string> out;
    for (const auto& v : varied_) out.push_back(last_segment(v.key));
    for (std::size_t i = 0; i < out.size(); ++i)
      for (std::size_t j = 0; j < out.size(); ++j)
        if (i != j && last_segment(varied_[i].key) == last_segment(varied_[j].key)) out[i] = varied_[i].key;
    return out;
  }

  void expand() {
    for (const auto& v : varied_) design_.varied_keys.push_back(v.key);
    const auto names = labels_keys();
    std::vector<std::vector<std::pair<std::string, std::string>>> values;  // per point: (text, display) per key
    std::vector<std::vector<InputLocation>> where;
    if (design_.design == "grid") {
      std::size_t count = 1;
      for (const auto& v : varied_) {
        count *= v.texts.size();
        if (count > kMaxPoints)
          throw InputError(v.key_at, "the grid has more than " + std::to_string(kMaxPoints) + " points");
      }
      for (std::size_t i = 0; i < count; ++i) {
        // Mixed radix, the first key varying slowest.
        std::vector<std::pair<std::string, std::string>> point(varied_.size());
        std::vector<InputLocation> point_at(varied_.size());
        std::size_t rest = i;
        for (std::size_t d = varied_.size(); d-- > 0;) {
          const std::size_t n = varied_[d].texts.size(), k = rest % n;
          rest /= n;
          point[d] = {varied_[d].texts[k], varied_[d].displays[k]};
          point_at[d] = varied_[d].value_at[k];
        }
        values.push_back(std::move(point));
        where.push_back(std::move(point_at));
      }
    } else {
      const auto unit = latin_hypercube(static_cast<std::uint64_t>(design_.seed), design_.samples,
                                        static_cast<int>(varied_.size()));
      for (const auto& u : unit) {
        std::vector<std::pair<std::string, std::string>> point;
        std::vector<InputLocation> point_at;
        for (std::size_t d = 0; d < varied_.size(); ++d) {
          const Varied& v = varied_[d];
          if (v.spec->kind == ValueKind::integer) {
            // Each whole number in [low, high] gets an equal share of the unit interval.
            const double span = v.high - v.low + 1;
            const auto x = static_cast<std::int64_t>(std::min(v.high, v.low + std::floor(u[d] * span)));
            point.emplace_back(std::to_string(x), std::to_string(x));
          } else {
            const double x = v.low + (v.high - v.low) * u[d];
            point.emplace_back(format_number(x), short_number(x));
          }
          point_at.push_back(v.range_at);
        }
        values.push_back(std::move(point));
        where.push_back(std::move(point_at));
      }
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      SweepPoint p;
      p.id = static_cast<int>(i);
      std::map<std::string, InputLocation> written;
      for (std::size_t d = 0; d < varied_.size(); ++d) {
        p.values.emplace_back(varied_[d].key, values[i][d].first);
        p.value_at.push_back(where[i][d]);
        p.label += (d ? ", " : "") + names[d] + "=" + values[i][d].second;
        written[varied_[d].key] = where[i][d];
      }
      if (p.label.empty()) p.label = "base";
      // Every point must make a valid scenario (some checks span several keys).
      std::vector<std::string> overrides = design_.run_overrides(p, 0);
      const Scenario s = load_with(overrides, written, " (in point " + std::to_string(p.id) + ": " + p.label + ")");
      p.scenario_sha256 = sha256_hex(s.resolved_text());
      design_.points.push_back(std::move(p));
    }
  }
};

}  // namespace

std::vector<std::string> SweepPoint::overrides() const {
  std::vector<std::string> out;
  for (const auto& [key, text] : values) out.push_back(key + "=" + text);
  return out;
}

std::vector<std::string> SweepDesign::run_overrides(const SweepPoint& point, int replicate) const {
  std::vector<std::string> out = common_overrides;
  for (auto& o : point.overrides()) out.push_back(std::move(o));
  out.push_back("scenario.seed=" + std::to_string(replicate_seed(replicate)));
  return out;
}

Scenario SweepDesign::scenario(const SweepPoint& point, int replicate) const {
  Scenario s = load_scenario(base, run_overrides(point, replicate));
  // Errors found later (while building the world) then name the sweep file, not --set.
  for (std::size_t d = 0; d < point.values.size() && d < point.value_at.size(); ++d) {
    InputLocation where = point.value_at[d];
    where.key = point.values[d].first;
    s.set_at[point.values[d].first] = where;
  }
  return s;
}

std::string SweepDesign::identity_json() const {
  nlohmann::json points_json = nlohmann::json::array();
  for (const auto& p : points) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& [k, v] : p.values) values.push_back({k, v});
    points_json.push_back({{"id", p.id}, {"label", p.label}, {"values", values}, {"scenario_sha256", p.scenario_sha256}});
  }
  const nlohmann::json j = {{"design", design},
                            {"seed", seed},
                            {"samples", samples},
                            {"store_timeseries", store_timeseries},
                            {"varied_keys", varied_keys},
                            {"points", points_json}};
  return j.dump();
}

SweepDesign load_sweep(const std::string& path, const std::vector<std::string>& common_overrides) {
  return Loader(path, common_overrides).load();
}

std::vector<std::vector<double>> latin_hypercube(std::uint64_t seed, int samples, int dims) {
  const auto n = static_cast<std::size_t>(std::max(0, samples));
  const auto m = static_cast<std::size_t>(std::max(0, dims));
  std::vector<std::vector<std::size_t>> strata(m);
  for (std::size_t d = 0; d < m; ++d) {
    strata[d].resize(n);
    std::iota(strata[d].begin(), strata[d].end(), std::size_t{0});
    RandomStream stream(seed, StreamId::sweep_design, d, 1);
    for (std::size_t i = n; i-- > 1;) std::swap(strata[d][i], strata[d][stream.below(i + 1)]);  // Fisher–Yates
  }
  std::vector<std::vector<double>> out(n, std::vector<double>(m));
  for (std::size_t i = 0; i < n; ++i) {
    RandomStream jitter(seed, StreamId::sweep_design, i, 0);
    for (std::size_t d = 0; d < m; ++d)
      out[i][d] = (static_cast<double>(strata[d][i]) + jitter.uniform()) / static_cast<double>(n);
  }
  return out;
}

}  // namespace pasante::analysis
