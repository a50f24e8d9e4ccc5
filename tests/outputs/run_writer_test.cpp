#include "outputs/run_writer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "core/sha256.hpp"
#include "core/text_source.hpp"

namespace pasante {
namespace {

namespace fs = std::filesystem;

class RunWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("pasante_runwriter_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    results_.summary = {{"refusal_rate", 0.25}, {"treated_rate", 0.7}};
    results_.timeseries.municipalities = {"all"};
    results_.timeseries.metrics = {"visits"};
    results_.timeseries.rows = {{0, 0, 0, 5}, {1, 0, 0, 7}};
    results_.interns.columns = {"id", "outcome"};
    results_.interns.rows = {{"0", "completed"}};
    results_.violence_events.columns = {"day", "type"};
    info_.threads = 3;
    info_.started_at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1700000000123));
    info_.finished_at = info_.started_at + std::chrono::milliseconds(4500);
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path root_;
  RunResults results_;
  RunInfo info_;
};

TEST(Iso8601, FormatsUtcWithMilliseconds) {
  using namespace std::chrono;
  EXPECT_EQ(iso8601_utc(system_clock::time_point(milliseconds(1700000000123))), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(iso8601_utc(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
}

TEST_F(RunWriterTest, WritesEveryFileAndAManifestThatHashesThem) {
  const Scenario scenario = load_scenario(std::string(kDefaultScenario), {"scenario.seed=7"});
  const fs::path out = root_ / "runs" / "baseline";
  write_run(out.string(), scenario, results_, info_);

  for (const char* name : {"summary.csv", "timeseries.csv", "interns.csv", "violence_events.csv", "manifest.json"})
    EXPECT_TRUE(fs::is_regular_file(out / name)) << name;
  EXPECT_EQ(read(out / "summary.csv"), "metric,value\nrefusal_rate,0.25\ntreated_rate,0.7\n");

  const std::string text = read(out / "manifest.json");
  const auto manifest = nlohmann::json::parse(text);
  EXPECT_EQ(manifest["program"], "pasante");
  EXPECT_TRUE(manifest["version"].is_string());
  EXPECT_TRUE(manifest["revision"].is_string());
  EXPECT_EQ(manifest["seed"], 7);
  EXPECT_EQ(manifest["threads"], 3);
  EXPECT_EQ(manifest["started_at"], "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(manifest["finished_at"], "2023-11-14T22:13:24.623Z");
  EXPECT_DOUBLE_EQ(manifest["wall_seconds"].get<double>(), 4.5);
  EXPECT_EQ(manifest["scenario"]["source"], std::string(kDefaultScenario));
  EXPECT_EQ(manifest["scenario"]["files"].at(0), std::string(kDefaultScenario));
  EXPECT_EQ(manifest["scenario"]["sha256"], sha256_hex(scenario.resolved_text()));
  EXPECT_EQ(manifest["scenario"]["resolved"], scenario.resolved_json());
  EXPECT_EQ(text.substr(0, 4), "{\n  ") << "2-space indent";

  const auto& outputs = manifest["outputs"];
  std::vector<std::string> names;
  for (const auto& [name, digest] : outputs.items()) {
    names.push_back(name);
    EXPECT_EQ(digest, sha256_file_hex(out / name)) << name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"interns.csv", "summary.csv", "timeseries.csv", "violence_events.csv"}));

  // Nothing else beside the run (no staging directory left).
  std::vector<std::string> siblings;
  for (const auto& e : fs::directory_iterator(root_ / "runs")) siblings.push_back(e.path().filename().string());
  EXPECT_EQ(siblings, std::vector<std::string>{"baseline"});
}

TEST_F(RunWriterTest, AFailedWriteLeavesNoDirectory) {
  const Scenario scenario = load_scenario(std::string(kDefaultScenario));
  results_.timeseries.rows.push_back({2, 5, 0, 1});  // unknown municipality: the writer throws
  const fs::path out = root_ / "runs" / "baseline";
  EXPECT_THROW(write_run(out.string(), scenario, results_, info_), std::logic_error);
  EXPECT_FALSE(fs::exists(root_ / "runs"));
}

TEST_F(RunWriterTest, RewritingReplacesThePreviousRun) {
  const Scenario scenario = load_scenario(std::string(kDefaultScenario));
  const fs::path out = root_ / "run";
  write_run(out.string(), scenario, results_, info_);
  results_.summary = {{"refusal_rate", 0.5}};
  write_run(out.string(), scenario, results_, info_);
  EXPECT_EQ(read(out / "summary.csv"), "metric,value\nrefusal_rate,0.5\n");
}

}  // namespace
}  // namespace pasante
