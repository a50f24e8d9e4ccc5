// Checks that involve more than one parameter (shares that must sum to one,
// consistent age structure, ...). Single values are range-checked on loading.
#pragma once
#include <string>

#include "scenario/model_parameters.hpp"
#include "scenario/parameter_value.hpp"

namespace pasante {

// Throws InputError naming the offending key, located where `settings` set it
// (or in `scenario_file` when it kept its default).
void validate_parameters(const ModelParameters& p, const ParameterSettings& settings, const std::string& scenario_file);

}  // namespace pasante
