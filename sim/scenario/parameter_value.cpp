#include "scenario/parameter_value.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "scenario/parameter_catalog.hpp"

namespace pasante {

namespace {

class SettingsWriter final : public ParameterVisitor {
 public:
  explicit SettingsWriter(const ParameterSettings& s) : settings_(s) {}
  void boolean(bool& f, ParameterSpec s) override { take(f, s); }
  void integer(std::int64_t& f, ParameterSpec s) override { take(f, s); }
  void real(double& f, ParameterSpec s) override { take(f, s); }
  void optional_real(std::optional<double>& f, ParameterSpec s) override {
    if (const auto* v = find(s)) {
      if (std::holds_alternative<double>(*v)) f = std::get<double>(*v);
      else f.reset();
    }
  }
  void text(std::string& f, ParameterSpec s) override { take(f, s); }
  void date(Date& f, ParameterSpec s) override { take(f, s); }
  void text_list(std::vector<std::string>& f, ParameterSpec s) override { take(f, s); }
  void file_path(std::string& f, ParameterSpec s) override { take(f, s); }
  void choice_index(int& index, ParameterSpec s) override {
    if (const auto* v = find(s)) {
      const auto& name = std::get<std::string>(*v);
      index = static_cast<int>(std::find(s.choices.begin(), s.choices.end(), name) - s.choices.begin());
    }
  }

 private:
  const ParameterValue* find(const ParameterSpec& s) const {
    const auto it = settings_.find(s.key);
    return it == settings_.end() ? nullptr : &it->second.value;
  }
  template <class T>
  void take(T& field, const ParameterSpec& s) {
    if (const auto* v = find(s)) field = std::get<T>(*v);
  }
  const ParameterSettings& settings_;
};

class JsonWriter final : public ParameterVisitor {
 public:
  nlohmann::json root = nlohmann::json::object();
  void boolean(bool& f, ParameterSpec s) override { put(s, f); }
  void integer(std::int64_t& f, ParameterSpec s) override { put(s, f); }
  void real(double& f, ParameterSpec s) override { put(s, f); }
  void optional_real(std::optional<double>& f, ParameterSpec s) override {
    put(s, f ? nlohmann::json(*f) : nlohmann::json(nullptr));
  }
  void text(std::string& f, ParameterSpec s) override { put(s, f); }
  void date(Date& f, ParameterSpec s) override { put(s, f.iso()); }
  void text_list(std::vector<std::string>& f, ParameterSpec s) override { put(s, f); }
  void file_path(std::string& f, ParameterSpec s) override { put(s, f); }
  void choice_index(int& index, ParameterSpec s) override { put(s, std::string(s.choices.at(index))); }

 private:
  void put(const ParameterSpec& s, nlohmann::json value) {
    root[nlohmann::json::json_pointer("/" + replace_dots(s.key))] = std::move(value);
  }
  static std::string replace_dots(std::string_view key) {
    std::string out(key);
    std::replace(out.begin(), out.end(), '.', '/');
    return out;
  }
};

}  // namespace

void apply_settings(ModelParameters& params, const ParameterSettings& settings) {
  SettingsWriter writer(settings);
  describe_parameters(params, writer);
}

nlohmann::json parameters_to_json(ModelParameters& params) {
  JsonWriter writer;
  describe_parameters(params, writer);
  return std::move(writer.root);
}

namespace {
// (A local class cannot have member templates, so this lives at namespace scope.)
struct ValueToJson {
  nlohmann::json operator()(std::monostate) const { return nullptr; }
  nlohmann::json operator()(const Date& d) const { return d.iso(); }
  template <class T>
  nlohmann::json operator()(const T& v) const { return v; }
};
}  // namespace

nlohmann::json value_to_json(const ParameterValue& value) { return std::visit(ValueToJson{}, value); }

}  // namespace pasante
