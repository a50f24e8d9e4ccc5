// `pasante calibrate` through the real binary: the shipped baseline meets
// every target (exit 0); a scenario that misses some says which and exits 3,
// writing calibration.csv and a manifest either way; bad input exits 2 and
// writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "command_runner.hpp"

namespace {

namespace fs = std::filesystem;
using pasante::test::CommandResult;
using pasante::test::read_file;

class CalibrateEndToEnd : public pasante::test::CommandLineTest {};

TEST_F(CalibrateEndToEnd, TheBaselineMeetsEveryTarget) {
  const CommandResult r = pasante("calibrate --replicates 10 --seed 1 --jobs 2 --out C");
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("every target met"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("10 replicates (seeds 1-10)"), std::string::npos) << r.out;
  const std::string csv = read_file(work() / "C" / "calibration.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "metric,target,mean,sd,ci_low,ci_high,n,reference,met");
  EXPECT_EQ(csv.find(",no\n"), std::string::npos) << csv;
  EXPECT_NE(read_file(work() / "C" / "manifest.json").find("\"command\": \"calibrate\""), std::string::npos);
}

TEST_F(CalibrateEndToEnd, MissedTargetsAreNamedAndExitThree) {
  // Four times the medicine budget: few stockouts, so refusals fall out of their band.
  const std::string args = "calibrate --replicates 2 --days 60 --set policy.supply.budget_multiplier=4 --out C";
  const CommandResult r = pasante(args);
  ASSERT_EQ(r.status, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("targets missed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("note: the targets are for one cohort year (365 days); these runs simulated 60"),
            std::string::npos)
      << r.out;
  const std::string csv = read_file(work() / "C" / "calibration.csv");
  EXPECT_NE(csv.find("refusal_rate,0.50-0.70,"), std::string::npos);
  EXPECT_NE(csv.find(",no\n"), std::string::npos) << csv;
  const std::string manifest = read_file(work() / "C" / "manifest.json");
  EXPECT_NE(manifest.find("\"policy.supply.budget_multiplier=4\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"days\": 60"), std::string::npos) << manifest;
  // The same command again replaces the check.
  EXPECT_EQ(pasante(args).status, 3);
  EXPECT_TRUE(fs::is_regular_file(work() / "C" / "calibration.csv"));
}

TEST_F(CalibrateEndToEnd, BadInputExitsTwoAndWritesNothing) {
  for (const std::string args : {"calibrate missing.yaml --out C", "calibrate --set policy.nonsense=1 --out C",
                                 "calibrate --replicates 0 --out C"}) {
    const CommandResult r = pasante(args);
    EXPECT_EQ(r.status, 2) << args << "\n" << r.err;
    EXPECT_FALSE(fs::exists(work() / "C")) << args;
  }
}

}  // namespace
