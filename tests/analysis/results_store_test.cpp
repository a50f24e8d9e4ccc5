// results.sqlite: a run is recorded whole or not at all, a restart redoes
// what was not done and never counts a run twice, and a database holding
// another sweep is refused.
#include "analysis/results_store.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "analysis/sweep_design.hpp"
#include "core/input_error.hpp"

namespace pasante::analysis {
namespace {

namespace fs = std::filesystem;

class ResultsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pasante_store_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path file() const { return dir_ / kResultsFile; }

  // A two-point design built by hand (no scenario is loaded).
  static SweepDesign design(int replicates = 2) {
    SweepDesign d;
    d.file = "s.yaml";
    d.name = "test";
    d.base = "base.yaml";
    d.replicates = replicates;
    d.seed = 7;
    d.varied_keys = {"policy.supply.allocation"};
    for (int i = 0; i < 2; ++i) {
      SweepPoint p;
      p.id = i;
      p.values = {{"policy.supply.allocation", i == 0 ? "fixed_basket" : "needs_based"}};
      p.label = "allocation=" + p.values[0].second;
      p.scenario_sha256 = std::string(64, static_cast<char>('a' + i));
      d.points.push_back(p);
    }
    return d;
  }

  // Metrics in a deliberately non-alphabetical order.
  static std::vector<SummaryMetric> summary(double base) {
    return {{"zeta", base}, {"alpha", base + 1}, {"mid", base + 2}};
  }

  static RunRecord record(int point, int replicate, const std::vector<SummaryMetric>& metrics) {
    RunRecord r;
    r.point_id = point;
    r.replicate = replicate;
    r.seed = 7 + replicate;
    r.scenario_sha256 = "sha";
    r.resolved_json = "{}";
    r.started_at = "t0";
    r.finished_at = "t1";
    r.summary = &metrics;
    return r;
  }

  fs::path dir_;
};

TEST_F(ResultsStoreTest, BindingADesignAddsOnePendingRunPerPointAndReplicate) {
  ResultsStore store(file());
  store.bind_design(design(3));
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 6u);
  for (const auto& r : runs) {
    EXPECT_EQ(r.status, "pending");
    EXPECT_EQ(r.seed, 7 + r.replicate) << "replicate r of every point shares a seed";
  }
  EXPECT_EQ(store.points().size(), 2u);
  EXPECT_EQ(store.points()[1].values[0].second, "needs_based");
  EXPECT_EQ(store.meta("name"), "test");
  EXPECT_EQ(store.meta("replicates"), "3");
  EXPECT_TRUE(store.done_runs().empty());
}

TEST_F(ResultsStoreTest, ARunIsRecordedWholeOrNotAtAll) {
  ResultsStore store(file());
  store.bind_design(design());
  const auto good = summary(1);
  store.record_run(record(0, 0, good));
  // A metric named twice violates the key: the transaction must leave nothing behind.
  const std::vector<SummaryMetric> bad{{"a", 1}, {"b", 2}, {"a", 3}};
  EXPECT_ANY_THROW(store.record_run(record(1, 0, bad)));
  EXPECT_EQ(store.done_runs(), (std::set<std::pair<int, int>>{{0, 0}}));
  const auto metrics = store.metrics();
  ASSERT_EQ(metrics.size(), 3u);
  for (const auto& m : metrics) EXPECT_EQ(m.point_id, 0);
  EXPECT_EQ(store.runs()[2].status, "pending") << "point 1 replicate 0 was not recorded";
  EXPECT_EQ(store.metric_names(), (std::vector<std::string>{"zeta", "alpha", "mid"})) << "the runs' own order";
}

TEST_F(ResultsStoreTest, RestartRedoesWhatWasNotDoneAndNeverCountsARunTwice) {
  const auto m = summary(10);
  {
    ResultsStore store(file());
    store.bind_design(design());
    store.record_run(record(0, 0, m));
    store.record_run(record(1, 0, m));
    store.mark_running(0, 1, "t");  // cut off while running
  }
  ResultsStore store(file());
  store.bind_design(design());
  EXPECT_EQ(store.done_runs(), (std::set<std::pair<int, int>>{{0, 0}, {1, 0}}));
  EXPECT_EQ(store.runs()[1].status, "running");
  store.record_run(record(0, 1, m));
  store.record_run(record(0, 1, m));  // recorded again (e.g. by a second restart): replaced, not doubled
  store.record_run(record(1, 1, m));
  EXPECT_EQ(store.done_runs().size(), 4u);
  EXPECT_EQ(store.metrics().size(), 4u * m.size());
  for (const auto& r : store.runs()) EXPECT_EQ(r.status, "done");
  // Metrics come back ordered by point, replicate and the run's metric order.
  const auto all = store.metrics();
  EXPECT_EQ(all[0].metric, "zeta");
  EXPECT_EQ(all[3].replicate, 1);
  EXPECT_EQ(all[6].point_id, 1);
}

TEST_F(ResultsStoreTest, ACommittedRunSurvivesTheProcessBeingKilled) {
  ResultsStore(file()).bind_design(design());
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    {
      ResultsStore store(file());
      const auto m = summary(1);
      store.record_run(record(1, 1, m));
      store.mark_running(0, 0, "t");
      ::raise(SIGKILL);  // no clean close
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  ResultsStore store(file());
  store.bind_design(design());
  EXPECT_EQ(store.done_runs(), (std::set<std::pair<int, int>>{{1, 1}}));
  EXPECT_EQ(store.metrics().size(), 3u);
  EXPECT_EQ(store.runs()[0].status, "running");
}

TEST_F(ResultsStoreTest, ADifferentSweepIsRefusedAndReplicatesMayOnlyGrow) {
  {
    ResultsStore store(file());
    store.bind_design(design(2));
  }
  ResultsStore store(file());
  SweepDesign other = design(2);
  other.points[1].values[0].second = "reported_consumption";
  other.points[1].label = "allocation=reported_consumption";
  try {
    store.bind_design(other);
    ADD_FAILURE() << "a different design was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("different sweep"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("point 1"), std::string::npos) << e.what();
  }
  SweepDesign reseeded = design(2);
  reseeded.seed = 8;
  EXPECT_THROW(store.bind_design(reseeded), InputError);
  SweepDesign changed_base = design(2);
  changed_base.points[0].scenario_sha256 = std::string(64, 'f');
  EXPECT_THROW(store.bind_design(changed_base), InputError);
  EXPECT_THROW(store.bind_design(design(1)), InputError) << "fewer replicates than stored";
  store.bind_design(design(4));
  EXPECT_EQ(store.runs().size(), 8u) << "more replicates: new pending runs";
  EXPECT_EQ(store.meta("replicates"), "4");
}

TEST_F(ResultsStoreTest, AFileThatIsNotAResultsDatabaseIsRefused) {
  {
    std::FILE* f = std::fopen(file().c_str(), "w");
    std::fputs("not a database, just text that is long enough to have a header............................", f);
    std::fclose(f);
  }
  EXPECT_THROW(ResultsStore{file()}, InputError);
}

}  // namespace
}  // namespace pasante::analysis
