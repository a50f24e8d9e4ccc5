// Helpers shared by the scenario tests: a scratch folder for YAML files and a
// way to catch the InputError a call should throw.
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include "core/input_error.hpp"

namespace pasante::testing_support {

// A fresh folder per test under the system temp folder, removed afterwards.
class ScenarioFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("pasante_" + std::string(info->test_suite_name()) + "_" + info->name() + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `text` to dir/rel (creating folders) and returns the path.
  std::string write(const std::string& rel, std::string_view text) const {
    const auto p = dir_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string path(const std::string& rel) const { return (dir_ / rel).lexically_normal().string(); }

  std::filesystem::path dir_;
};

struct Caught {
  bool thrown = false;
  std::string what;
  InputLocation where;
  std::string problem;
};

template <class F>
Caught catch_input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return {true, e.what(), e.where(), e.problem()};
  }
  return {};
}

inline bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace pasante::testing_support
