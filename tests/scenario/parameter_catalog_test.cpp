#include "scenario/parameter_catalog.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <string>
#include <variant>

#include "scenario/parameter_value.hpp"

namespace pasante {
namespace {

// The public key paths of MODEL.md §6, with the kind each must have.
const std::vector<std::pair<std::string, ValueKind>>& contract_keys() {
  static const std::vector<std::pair<std::string, ValueKind>> keys{
      {"scenario.name", ValueKind::text},
      {"scenario.start", ValueKind::date},
      {"scenario.days", ValueKind::integer},
      {"scenario.seed", ValueKind::integer},
      {"policy.supervision.visits_per_month", ValueKind::real},
      {"policy.supervision.telemedicine", ValueKind::boolean},
      {"policy.stipends_mxn.A", ValueKind::real},
      {"policy.stipends_mxn.B", ValueKind::real},
      {"policy.stipends_mxn.C", ValueKind::real},
      {"policy.stipends_mxn.CC", ValueKind::real},
      {"policy.assignment.rule", ValueKind::choice},
      {"policy.assignment.private_first", ValueKind::boolean},
      {"policy.assignment.max_violence", ValueKind::optional_real},
      {"policy.assignment.pair_remote", ValueKind::boolean},
      {"policy.supply.allocation", ValueKind::choice},
      {"policy.supply.budget_multiplier", ValueKind::real},
      {"policy.supply.interval_days", ValueKind::integer},
      {"policy.reporting.quota_per_week", ValueKind::real},
      {"policy.independent_authority.enabled", ValueKind::boolean},
      {"policy.security.relocate_below", ValueKind::optional_real},
      {"violence.intensity_multiplier", ValueKind::real},
  };
  return keys;
}

std::optional<double> numeric_default(const ParameterSpec& s) {
  if (const auto* i = std::get_if<std::int64_t>(&s.fallback)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&s.fallback)) return *d;
  return std::nullopt;
}

TEST(ParameterCatalog, KeysAreUniqueAndWellFormed) {
  const auto& catalogue = parameter_catalog();
  ASSERT_GT(catalogue.size(), 100u);
  std::set<std::string_view> seen;
  for (const auto& s : catalogue) {
    EXPECT_TRUE(seen.insert(s.key).second) << "declared twice: " << s.key;
    ASSERT_FALSE(s.key.empty());
    EXPECT_NE(s.key.find('.'), std::string_view::npos) << s.key << " has no group";
    EXPECT_NE(s.key.front(), '.') << s.key;
    EXPECT_NE(s.key.back(), '.') << s.key;
    EXPECT_EQ(s.key.find(".."), std::string_view::npos) << s.key;
    for (char c : s.key)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.') << s.key;
    EXPECT_NE(s.key, "extends");
    EXPECT_NE(s.key.substr(0, s.key.find('.')), "interventions") << s.key;
  }
  // No key is also a group of other keys (it could not be both a value and a
  // mapping in YAML, nor in the resolved JSON).
  for (const auto& s : catalogue) {
    const std::string group = std::string(s.key) + ".";
    for (const auto& other : catalogue) EXPECT_FALSE(other.key.starts_with(group)) << s.key << " vs " << other.key;
  }
}

TEST(ParameterCatalog, EverySpecIsDocumented) {
  for (const auto& s : parameter_catalog()) {
    EXPECT_FALSE(s.description.empty()) << s.key;
    EXPECT_LE(s.min, s.max) << s.key;
  }
}

TEST(ParameterCatalog, DefaultsAreValid) {
  for (const auto& s : parameter_catalog()) {
    switch (s.kind) {
      case ValueKind::boolean: EXPECT_TRUE(std::holds_alternative<bool>(s.fallback)) << s.key; break;
      case ValueKind::integer: EXPECT_TRUE(std::holds_alternative<std::int64_t>(s.fallback)) << s.key; break;
      case ValueKind::real: EXPECT_TRUE(std::holds_alternative<double>(s.fallback)) << s.key; break;
      case ValueKind::optional_real:
        EXPECT_TRUE(std::holds_alternative<double>(s.fallback) || std::holds_alternative<std::monostate>(s.fallback))
            << s.key;
        break;
      case ValueKind::date:
        ASSERT_TRUE(std::holds_alternative<std::string_view>(s.fallback)) << s.key;
        EXPECT_TRUE(Date::parse(std::get<std::string_view>(s.fallback)).has_value()) << s.key;
        break;
      case ValueKind::choice: {
        ASSERT_TRUE(std::holds_alternative<std::string_view>(s.fallback)) << s.key;
        EXPECT_GE(s.choices.size(), 2u) << s.key;
        const auto name = std::get<std::string_view>(s.fallback);
        EXPECT_NE(std::find(s.choices.begin(), s.choices.end(), name), s.choices.end())
            << s.key << " defaults to '" << name << "', not one of its choices";
        EXPECT_EQ(std::set<std::string_view>(s.choices.begin(), s.choices.end()).size(), s.choices.size()) << s.key;
        break;
      }
      case ValueKind::text:
      case ValueKind::file_path:
        EXPECT_TRUE(std::holds_alternative<std::string_view>(s.fallback)) << s.key;
        break;
      case ValueKind::text_list:
        ASSERT_TRUE(std::holds_alternative<std::vector<std::string_view>>(s.fallback)) << s.key;
        EXPECT_FALSE(std::get<std::vector<std::string_view>>(s.fallback).empty()) << s.key;
        break;
    }
    if (s.kind != ValueKind::choice) {
      EXPECT_TRUE(s.choices.empty()) << s.key;
    }
    if (const auto x = numeric_default(s)) {
      EXPECT_TRUE(std::isfinite(*x)) << s.key;
      EXPECT_GE(*x, s.min) << s.key;
      EXPECT_LE(*x, s.max) << s.key;
    }
  }
}

TEST(ParameterCatalog, ContractKeysExistWithTheirKinds) {
  for (const auto& [key, kind] : contract_keys()) {
    const ParameterSpec* s = find_parameter(key);
    ASSERT_NE(s, nullptr) << "MODEL.md §6 key missing: " << key;
    EXPECT_EQ(s->key, key);
    EXPECT_EQ(s->kind, kind) << key << " is " << kind_name(s->kind);
  }
  const auto* rule = find_parameter("policy.assignment.rule");
  EXPECT_EQ(rule->choices, (std::vector<std::string_view>{"gpa_rank", "lottery", "needs_first"}));
  const auto* allocation = find_parameter("policy.supply.allocation");
  EXPECT_EQ(allocation->choices, (std::vector<std::string_view>{"fixed_basket", "reported_consumption", "needs_based"}));
  const auto* intensity = find_parameter("violence.intensity_multiplier");
  EXPECT_EQ(intensity->min, 0.0);
  EXPECT_EQ(intensity->max, 100.0);
  EXPECT_EQ(std::get<double>(intensity->fallback), 1.0);
  EXPECT_EQ(find_parameter("policy.supervision.visits_per_mont"), nullptr);
  EXPECT_EQ(find_parameter("policy"), nullptr);
}

TEST(ParameterCatalog, DefaultsMatchTheBaseline) {
  const ModelParameters p = default_parameters();
  EXPECT_EQ(p.scenario.start, Date::from_ymd(2022, 2, 1));
  EXPECT_EQ(p.scenario.days, 365);
  EXPECT_DOUBLE_EQ(p.policy.supervision_visits_per_month, 1.5);
  EXPECT_EQ(p.policy.stipend_mxn, (std::array<double, kCategoryCount>{2500, 5000, 10000, 12000}));
  EXPECT_EQ(p.policy.assignment_rule, AssignmentRule::gpa_rank);
  EXPECT_EQ(p.policy.allocation, AllocationRule::fixed_basket);
  EXPECT_DOUBLE_EQ(p.policy.budget_multiplier, 1.0);
  EXPECT_FALSE(p.policy.max_violence.has_value());
  EXPECT_FALSE(p.policy.relocate_below.has_value());
  EXPECT_DOUBLE_EQ(p.violence.intensity_multiplier, 1.0);
  EXPECT_FALSE(p.world.municipalities.empty());
}

TEST(ParameterCatalog, NearestKeySuggestions) {
  EXPECT_EQ(nearest_parameter_key("policy.supervision.visits_per_mont"), "policy.supervision.visits_per_month");
  EXPECT_EQ(nearest_parameter_key("policy.visits_per_month"), "policy.supervision.visits_per_month");
  EXPECT_EQ(nearest_parameter_key("policy.supply.alocation"), "policy.supply.allocation");
  EXPECT_EQ(nearest_parameter_key("scenario.dayz"), "scenario.days");
  EXPECT_EQ(nearest_parameter_key("completely.unrelated.thing_of_great_length"), "");
}

TEST(ParameterCatalog, TableMentionsEveryKey) {
  const std::string table = format_parameter_table();
  for (const auto& s : parameter_catalog()) {
    EXPECT_NE(table.find("  " + std::string(s.key) + " ("), std::string::npos) << s.key;
    EXPECT_NE(table.find(std::string(s.description)), std::string::npos) << s.key;
  }
  EXPECT_NE(table.find("[policy]"), std::string::npos);
  EXPECT_NE(table.find("gpa_rank lottery needs_first"), std::string::npos);
}

TEST(ParameterCatalog, JsonSchemaDescribesEveryKey) {
  const auto schema = nlohmann::json::parse(parameter_json_schema());
  ASSERT_TRUE(schema.contains("properties"));
  const auto& supply = schema["properties"]["policy"]["properties"]["supply"];
  ASSERT_TRUE(supply.is_object());
  EXPECT_EQ(supply["type"], "object");
  EXPECT_EQ(supply["properties"]["allocation"]["enum"],
            nlohmann::json::array({"fixed_basket", "reported_consumption", "needs_based"}));
  EXPECT_EQ(supply["properties"]["interval_days"]["type"], "integer");
  EXPECT_EQ(supply["properties"]["interval_days"]["minimum"], 1);
  EXPECT_TRUE(schema["properties"].contains("extends"));
  EXPECT_TRUE(schema["properties"].contains("interventions"));
  EXPECT_EQ(schema["properties"]["policy"]["properties"]["assignment"]["properties"]["max_violence"]["type"],
            nlohmann::json::array({"number", "null"}));
  for (const auto& s : parameter_catalog()) {
    std::string pointer;
    for (std::string_view rest = s.key;;) {
      const auto dot = rest.find('.');
      pointer += "/properties/" + std::string(rest.substr(0, dot));
      if (dot == std::string_view::npos) break;
      rest = rest.substr(dot + 1);
    }
    EXPECT_TRUE(schema.contains(nlohmann::json::json_pointer(pointer))) << s.key;
  }
}

TEST(ParameterValue, JsonOfDefaultsHasEveryKey) {
  ModelParameters p = default_parameters();
  const nlohmann::json j = parameters_to_json(p);
  for (const auto& s : parameter_catalog()) {
    std::string pointer = "/" + std::string(s.key);
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    EXPECT_TRUE(j.contains(nlohmann::json::json_pointer(pointer))) << s.key;
  }
  EXPECT_EQ(j["policy"]["supply"]["allocation"], "fixed_basket");
  EXPECT_EQ(j["scenario"]["start"], "2022-02-01");
  EXPECT_TRUE(j["policy"]["assignment"]["max_violence"].is_null());
  EXPECT_EQ(value_to_json(ParameterValue{Date::from_ymd(2023, 8, 1)}), "2023-08-01");
  EXPECT_EQ(value_to_json(ParameterValue{std::monostate{}}), nullptr);
  EXPECT_EQ(value_to_json(ParameterValue{std::int64_t{3}}), 3);
}

TEST(ParameterValue, ApplySettingsChangesOnlyTheGivenKeys) {
  ModelParameters p = default_parameters();
  ParameterSettings s;
  s["policy.supply.allocation"] = {std::string("needs_based"), {}};
  s["policy.assignment.max_violence"] = {2.5, {}};
  s["policy.supply.interval_days"] = {std::int64_t{14}, {}};
  s["scenario.start"] = {Date::from_ymd(2022, 8, 1), {}};
  apply_settings(p, s);
  EXPECT_EQ(p.policy.allocation, AllocationRule::needs_based);
  EXPECT_EQ(p.policy.max_violence, 2.5);
  EXPECT_EQ(p.policy.supply_interval_days, 14);
  EXPECT_EQ(p.scenario.start, Date::from_ymd(2022, 8, 1));
  EXPECT_DOUBLE_EQ(p.policy.supervision_visits_per_month, 1.5);
  ParameterSettings back;
  back["policy.assignment.max_violence"] = {std::monostate{}, {}};
  apply_settings(p, back);
  EXPECT_FALSE(p.policy.max_violence.has_value());
  EXPECT_EQ(p.policy.allocation, AllocationRule::needs_based);
}

}  // namespace
}  // namespace pasante
