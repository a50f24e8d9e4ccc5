#include "scenario/scenario_validation.hpp"

#include <cmath>
#include <initializer_list>
#include <numeric>
#include <span>
#include <string_view>
#include <vector>

namespace pasante {

namespace {

struct Checker {
  const ParameterSettings& settings;
  const std::string& file;

  // Where the first of `keys` was set; the scenario file itself when none was
  // (the keys kept their defaults), named by `fallback_key`.
  InputLocation where(std::span<const std::string> keys, std::string_view fallback_key) const {
    for (const auto& [key, setting] : settings)
      for (const auto& k : keys)
        if (key == k) return setting.where;
    return {file, 0, 0, std::string(fallback_key)};
  }
  InputLocation where(std::initializer_list<std::string> keys, std::string_view fallback_key) const {
    return where(std::span<const std::string>(keys.begin(), keys.size()), fallback_key);
  }
  // `keys` are the member parameters of `group`, in the order of `shares`.
  void shares_sum_to_one(std::span<const double> shares, std::span<const std::string> keys,
                         std::string_view group) const {
    const double total = std::accumulate(shares.begin(), shares.end(), 0.0);
    if (std::abs(total - 1.0) > 1e-6)
      throw InputError(where(keys, group), "the shares under '" + std::string(group) + "' must sum to 1 (they sum to " +
                                               std::to_string(total) + ")");
  }
};

template <std::size_t N>
std::vector<std::string> member_keys(std::string_view prefix, const std::array<const char*, N>& names,
                                     std::string_view suffix = "") {
  std::vector<std::string> out;
  for (const char* n : names) out.push_back(std::string(prefix) + n + std::string(suffix));
  return out;
}

}  // namespace

void validate_parameters(const ModelParameters& p, const ParameterSettings& settings, const std::string& file) {
  const Checker check{settings, file};
  const auto& d = p.demand;
  static const std::vector<std::string> severity_keys{"demand.severity.mild", "demand.severity.moderate",
                                                      "demand.severity.severe"};
  static const auto case_keys = member_keys("demand.case_mix.", kAcuteCaseNames);
  static const auto violence_keys = member_keys("violence.type_share.", kViolenceTypeNames);
  static const auto basket_keys = member_keys("medicines.", kMedicineNames, ".basket_share");
  check.shares_sum_to_one(std::array{d.severity_mild, d.severity_moderate, d.severity_severe}, severity_keys,
                          "demand.severity");
  check.shares_sum_to_one(d.case_share, case_keys, "demand.case_mix");
  check.shares_sum_to_one(p.violence.type_share, violence_keys, "violence.type_share");
  std::array<double, kMedicineCount> basket{};
  for (int m = 0; m < kMedicineCount; ++m) basket[m] = p.medicines[m].basket_share;
  check.shares_sum_to_one(basket, basket_keys, "medicines.*.basket_share");
  if (p.world.child_share + p.world.elder_share >= 1.0)
    throw InputError(check.where({"world.child_share", "world.elder_share"}, "world.child_share"),
                     "world.child_share + world.elder_share must be below 1");
  if (p.world.municipalities.empty())
    throw InputError(check.where({"world.municipalities"}, "world.municipalities"), "at least one municipality is needed");
}

}  // namespace pasante
