// One declaration per parameter: key, unit, range, default, description and
// source. The same declaration drives loading, validation, documentation
// (`pasante params`, JSON schema), defaults, --set and interventions.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/calendar.hpp"

namespace pasante {

enum class ValueKind : std::uint8_t { boolean, integer, real, optional_real, text, choice, date, text_list, file_path };

std::string_view kind_name(ValueKind kind);

// What a parameter defaults to. monostate means null (for optional_real).
using DefaultValue = std::variant<std::monostate, bool, std::int64_t, double, std::string_view, std::vector<std::string_view>>;

struct ParameterSpec {
  std::string_view key;          // dotted path, e.g. "policy.supervision.visits_per_month"
  std::string_view unit = "";    // "visits/month", "MXN/month", "share", "days"...
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  DefaultValue fallback{};       // default value
  std::string_view description = "";
  std::string_view source = "";  // where the default comes from (document, assumption, calibration)
  bool fixed_at_start = false;   // true: cannot change during a run (interventions, administrations)
  // Filled in by the visitor method that declares the parameter:
  ValueKind kind = ValueKind::real;
  std::vector<std::string_view> choices{};
};

std::string format_default(const ParameterSpec& spec);

// The visitor every consumer of the declarations implements. The model's
// parameters are declared once, in describe_parameters(), as calls on this.
class ParameterVisitor {
 public:
  virtual ~ParameterVisitor() = default;
  virtual void boolean(bool& field, ParameterSpec spec) = 0;
  virtual void integer(std::int64_t& field, ParameterSpec spec) = 0;
  virtual void real(double& field, ParameterSpec spec) = 0;
  virtual void optional_real(std::optional<double>& field, ParameterSpec spec) = 0;
  virtual void text(std::string& field, ParameterSpec spec) = 0;
  virtual void date(Date& field, ParameterSpec spec) = 0;
  virtual void text_list(std::vector<std::string>& field, ParameterSpec spec) = 0;
  // A path to a data file, resolved relative to the scenario file that set it.
  virtual void file_path(std::string& field, ParameterSpec spec) = 0;
  // `index` is the position of the chosen name in spec.choices.
  virtual void choice_index(int& index, ParameterSpec spec) = 0;

  // Enumerations are declared with their names in order (enum value i <-> names[i]).
  template <class Enum>
  void choice(Enum& field, ParameterSpec spec, std::initializer_list<std::string_view> names) {
    spec.choices.assign(names.begin(), names.end());
    int index = static_cast<int>(field);
    choice_index(index, std::move(spec));
    field = static_cast<Enum>(index);
  }
};

}  // namespace pasante
