// The catalogue of declared parameters, read off describe_parameters().
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model_parameters.hpp"

namespace pasante {

// Every declared parameter in declaration order, with its default filled in.
const std::vector<ParameterSpec>& parameter_catalog();
const ParameterSpec* find_parameter(std::string_view key);

// Levenshtein distance (for "did you mean" suggestions).
std::size_t edit_distance(std::string_view a, std::string_view b);
// True when `key` names a group of parameters ("policy.supply"), not one.
bool is_parameter_group(std::string_view key);

// The declared key closest to a misspelt one, or empty when none is close.
std::string nearest_parameter_key(std::string_view key);

// Human-readable list of every parameter (for `pasante params`).
std::string format_parameter_table();
// A JSON Schema (draft 2020-12) for scenario files, for editors.
std::string parameter_json_schema();

}  // namespace pasante
