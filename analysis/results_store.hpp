// results.sqlite: the results of a sweep, written run by run so that a sweep
// killed at any moment can be restarted and end with exactly the results of an
// uninterrupted one.
//
// Tables:
//   sweep(key, value)                        the sweep's name, design identity, replicates, ...
//   points(point_id, label, overrides_json)  the design points
//   runs(point_id, replicate, seed, scenario_sha256, resolved_json, status, started_at, finished_at)
//                                            one row per (point, replicate); status pending | running | done
//   metrics(point_id, replicate, metric, value)            summary metrics of done runs
//   timeseries(point_id, replicate, day, municipality, metric, value)   optional
//
// The database runs in WAL mode with synchronous=FULL. A finished run's
// metrics, its time series and its runs row turned 'done' are written in one
// transaction: a crash leaves either all of them or none. Runs that are not
// 'done' when a sweep starts again are run again (their leftovers, if any, are
// deleted in the transaction that records them), so nothing is lost and
// nothing is counted twice.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "outputs/run_results.hpp"

namespace pasante::analysis {

struct SweepDesign;

inline constexpr const char* kResultsFile = "results.sqlite";

struct StoredPoint {
  int id = 0;
  std::string label;
  std::vector<std::pair<std::string, std::string>> values;  // varied key -> value (YAML text)
};

struct StoredRun {
  int point_id = 0, replicate = 0;
  std::int64_t seed = 0;
  std::int64_t days = 0;  // scenario.days of its resolved scenario (0 while not done)
  std::string scenario_sha256, status, started_at, finished_at;
};

struct MetricValue {
  int point_id = 0, replicate = 0;
  std::string metric;
  double value = 0;  // NaN when the run had no value
};

struct SeriesValue {
  int point_id = 0, replicate = 0, day = 0;
  std::string metric;
  double value = 0;
};

// One finished run, as recorded.
struct RunRecord {
  int point_id = 0, replicate = 0;
  std::int64_t seed = 0;
  std::string scenario_sha256, resolved_json, started_at, finished_at;
  const std::vector<SummaryMetric>* summary = nullptr;
  const TimeSeries* timeseries = nullptr;  // null: none kept
};

class ResultsStore {
 public:
  enum class Mode { read_write, read_only };
  // Opens (read_write: creating) the database. Throws InputError when the
  // file is not a pasante results database.
  explicit ResultsStore(const std::filesystem::path& file, Mode mode = Mode::read_write);
  ~ResultsStore();
  ResultsStore(const ResultsStore&) = delete;
  ResultsStore& operator=(const ResultsStore&) = delete;

  // Writes the design into a new database, or checks that the database holds
  // the same design (throws InputError naming the first difference). Adds a
  // pending runs row for every (point, replicate) not there yet; the number of
  // replicates may grow between restarts, not shrink.
  void bind_design(const SweepDesign& design);

  std::optional<std::string> meta(std::string_view key) const;
  std::vector<StoredPoint> points() const;
  std::vector<StoredRun> runs() const;              // ordered by point, replicate
  std::set<std::pair<int, int>> done_runs() const;  // (point, replicate) with status 'done'

  void mark_running(int point_id, int replicate, const std::string& started_at);
  // Records a finished run in one transaction (see above).
  void record_run(const RunRecord& record);

  // Done runs' metrics ordered by point, replicate and the run's metric order.
  std::vector<MetricValue> metrics() const;
  // Metric names in the order the first done run wrote them.
  std::vector<std::string> metric_names() const;
  // Done runs' series for one municipality ("all" for the jurisdiction),
  // ordered by point, replicate, metric order and day.
  std::vector<SeriesValue> timeseries(std::string_view municipality) const;

  const std::filesystem::path& file() const { return file_; }

 private:
  struct Db;
  std::filesystem::path file_;
  std::unique_ptr<Db> db_;
  mutable std::mutex mutex_;  // one statement at a time on the connection
};

}  // namespace pasante::analysis
