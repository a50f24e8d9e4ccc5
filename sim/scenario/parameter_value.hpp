// Typed, validated parameter values, and applying them to a parameter set.
#pragma once
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <variant>
#include <vector>

#include "core/input_error.hpp"
#include "scenario/model_parameters.hpp"

namespace pasante {

// monostate is null (an optional number left empty). Choices hold their name.
using ParameterValue = std::variant<std::monostate, bool, std::int64_t, double, std::string, Date, std::vector<std::string>>;

struct ParameterSetting {
  ParameterValue value;
  InputLocation where;  // where the value was written
};

// key -> setting, for the keys a scenario (or an intervention) sets.
using ParameterSettings = std::map<std::string, ParameterSetting, std::less<>>;

// Writes the settings into `params`; keys not in `settings` keep their value.
void apply_settings(ModelParameters& params, const ParameterSettings& settings);

// Every parameter's current value as nested JSON ({"policy": {"supply": {...}}}).
nlohmann::json parameters_to_json(ModelParameters& params);
nlohmann::json value_to_json(const ParameterValue& value);

}  // namespace pasante
