#include "analysis/sweep_runner.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "analysis/comparison.hpp"
#include "analysis/replicate_statistics.hpp"
#include "analysis/results_store.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sweep_design.hpp"
#include "core/input_error.hpp"
#include "core/sha256.hpp"
#include "model/simulation.hpp"
#include "outputs/csv_writers.hpp"
#include "outputs/manifest.hpp"

namespace pasante::analysis {

namespace fs = std::filesystem;

namespace {
constexpr const char* kLockFile = "sweep.lock";
}  // namespace

// Holds an exclusive lock on the sweep directory while the sweep runs (the
// kernel releases it when the process ends, however it ends).
class DirectoryLock {
 public:
  explicit DirectoryLock(const fs::path& dir) {
    const fs::path file = dir / kLockFile;
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw InputError({dir.string(), 0, 0, ""}, "cannot create " + file.string());
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw InputError({dir.string(), 0, 0, ""}, "another pasante sweep is writing to this directory");
    }
  }
  ~DirectoryLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

namespace {

// Refuses a directory that holds something other than a sweep's results.
void check_sweep_directory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(dir, ec))) return;
  if (!fs::is_directory(dir, ec))
    throw InputError({dir.string(), 0, 0, ""}, "refusing to write a sweep here: it exists and is not a directory");
  if (fs::exists(dir / kResultsFile, ec)) return;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name == kLockFile || name.starts_with(std::string(kResultsFile) + "-")) continue;
    throw InputError({dir.string(), 0, 0, ""},
                     "refusing to write a sweep into a directory that is not one (it has no results.sqlite); "
                     "choose another --out or remove it");
  }
}

void write_file_atomically(const fs::path& file, const std::string& text) {
  // One writer at a time (the directory lock): a fixed name, so a file left by a killed sweep is overwritten.
  const fs::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw std::runtime_error("error writing " + tmp.string());
  }
  fs::rename(tmp, file);
}

}  // namespace

// summary.csv and report.html from the database (the caller holds the lock).
static void write_outputs(const ResultsStore& store, const fs::path& out_dir) {
  const SweepReportInput summary = summarise_sweep(store);
  write_file_atomically(out_dir / "summary.csv", sweep_summary_csv(summary));
  write_file_atomically(out_dir / "sensitivity.csv", sensitivity_csv(sensitivity_analysis(summary)));
  write_file_atomically(out_dir / "report.html", sweep_report_html(summary));
}

int default_jobs() {
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? static_cast<int>(n) : 1;
}

void run_in_parallel(int count, int jobs, const std::function<void(int)>& task) {
  if (count <= 0) return;
  const int workers = std::clamp(jobs > 0 ? jobs : default_jobs(), 1, count);
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto work = [&] {
    while (!failed.load()) {
      const int i = next.fetch_add(1);
      if (i >= count) return;
      try {
        task(i);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int w = 1; w < workers; ++w) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  if (first_error) std::rethrow_exception(first_error);
}

SweepDirectory::SweepDirectory(const SweepDesign& design, const fs::path& out_dir)
    : dir_(out_dir), replicates_(design.replicates) {
  for (const auto& p : design.points) point_ids_.push_back(p.id);
  check_sweep_directory(out_dir);
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) throw InputError({out_dir.string(), 0, 0, ""}, "cannot create the sweep directory: " + ec.message());
  lock_ = std::make_unique<DirectoryLock>(out_dir);
  store_ = std::make_unique<ResultsStore>(out_dir / kResultsFile);
  store_->bind_design(design);
}

SweepDirectory::~SweepDirectory() = default;

std::vector<std::pair<int, int>> SweepDirectory::pending() const {
  const auto done = store_->done_runs();
  std::vector<std::pair<int, int>> out;
  for (int r = 0; r < replicates_; ++r)
    for (const int p : point_ids_)
      if (!done.contains({p, r})) out.emplace_back(p, r);
  return out;
}

void SweepDirectory::write_outputs() const { analysis::write_outputs(*store_, dir_); }

RunRecord FinishedRun::record() const {
  RunRecord r;
  r.point_id = point_id;
  r.replicate = replicate;
  r.seed = seed;
  r.scenario_sha256 = scenario_sha256;
  r.resolved_json = resolved_json;
  r.started_at = started_at;
  r.finished_at = finished_at;
  r.summary = &summary;
  r.timeseries = timeseries ? &*timeseries : nullptr;
  return r;
}

FinishedRun run_sweep_point(const SweepDesign& design, int point_id, int replicate, int threads,
                            const std::string& started_at) {
  const SweepPoint& point = design.points.at(static_cast<std::size_t>(point_id));
  const Scenario scenario = design.scenario(point, replicate);
  SimulationOptions sim_options;
  sim_options.threads = std::max(1, threads);
  Simulation simulation(scenario, sim_options);
  simulation.run();
  RunResults results = simulation.results();

  FinishedRun run;
  run.point_id = point_id;
  run.replicate = replicate;
  run.seed = design.replicate_seed(replicate);
  run.scenario_sha256 = sha256_hex(scenario.resolved_text());
  run.resolved_json = scenario.resolved_json().dump();
  run.started_at = started_at;
  run.finished_at = iso8601_utc(std::chrono::system_clock::now());
  run.summary = std::move(results.summary);
  if (design.store_timeseries) run.timeseries = std::move(results.timeseries);
  return run;
}

void check_sweep_worlds(const SweepDesign& design) {
  std::set<std::string> checked;
  for (const auto& point : design.points) {
    const Scenario s = design.scenario(point, 0);
    const nlohmann::json resolved = s.resolved_json();
    // What build_world_for reads (the seed only places nurses and synthetic localities).
    if (checked.insert(resolved["world"].dump() + "|" + resolved["violence"]["crime_year"].dump()).second)
      check_world(s);
  }
}

SweepRunOutcome run_sweep(const SweepDesign& design, const fs::path& out_dir, const SweepRunOptions& options) {
  if (!fs::exists(out_dir / kResultsFile)) check_sweep_worlds(design);  // a sweep already begun passed it
  SweepDirectory directory(design, out_dir);
  const std::vector<std::pair<int, int>> pending = directory.pending();

  SweepRunOutcome outcome;
  outcome.total = design.total_runs();
  outcome.already_done = outcome.total - static_cast<int>(pending.size());
  if (options.on_start) options.on_start(outcome.already_done, outcome.total);

  std::mutex progress_mutex;
  int finished = outcome.already_done;
  run_in_parallel(static_cast<int>(pending.size()), options.jobs, [&](int i) {
    const auto [point_id, replicate] = pending[static_cast<std::size_t>(i)];
    const std::string started_at = iso8601_utc(std::chrono::system_clock::now());
    directory.store().mark_running(point_id, replicate, started_at);
    const FinishedRun run = run_sweep_point(design, point_id, replicate, options.threads_per_run, started_at);
    directory.store().record_run(run.record());

    std::lock_guard guard(progress_mutex);
    ++finished;
    if (options.on_run_done) options.on_run_done(finished, outcome.total);
  });
  outcome.ran = static_cast<int>(pending.size());
  directory.write_outputs();  // still holding the lock
  return outcome;
}

SweepReportInput summarise_sweep(const ResultsStore& store) {
  SweepReportInput out;
  out.name = store.meta("name").value_or("");
  out.design = store.meta("design").value_or("grid");
  out.replicates = std::stoi(store.meta("replicates").value_or("0"));
  if (const auto keys = store.meta("varied_keys"))
    out.varied_keys = nlohmann::json::parse(*keys).get<std::vector<std::string>>();

  const auto points = store.points();
  const auto names = store.metric_names();
  std::map<std::string, std::size_t> metric_index;
  for (std::size_t i = 0; i < names.size(); ++i) metric_index.emplace(names[i], i);

  // values[point][metric] over replicates, in replicate order (metrics() is ordered).
  std::vector<std::vector<std::vector<double>>> values(points.size(), std::vector<std::vector<double>>(names.size()));
  std::map<int, std::size_t> point_index;
  for (std::size_t i = 0; i < points.size(); ++i) point_index.emplace(points[i].id, i);
  for (const auto& m : store.metrics()) {
    const auto p = point_index.find(m.point_id);
    const auto k = metric_index.find(m.metric);
    if (p == point_index.end() || k == metric_index.end() || std::isnan(m.value)) continue;
    values[p->second][k->second].push_back(m.value);
  }

  const bool with_series = store.meta("store_timeseries").value_or("false") == "true";
  std::map<int, std::vector<SeriesValue>> series_by_point;
  if (with_series)
    for (auto& s : store.timeseries("all")) series_by_point[s.point_id].push_back(std::move(s));

  for (std::size_t i = 0; i < points.size(); ++i) {
    SweepPointSummary summary;
    summary.label = points[i].label;
    summary.parameters = points[i].values;
    for (std::size_t k = 0; k < names.size(); ++k)
      summary.metrics.push_back({names[k], estimate(values[i][k])});
    if (with_series) summary.series = series_bands(series_by_point[points[i].id]);
    out.points.push_back(std::move(summary));
  }
  return out;
}

std::string sweep_summary_csv(const SweepReportInput& summary) {
  std::string out = "point_id,label";
  for (const auto& key : summary.varied_keys) {
    out += ',';
    append_csv_cell(out, key);
  }
  out += ",metric,n,mean,sd,ci_low,ci_high\n";
  for (std::size_t i = 0; i < summary.points.size(); ++i) {
    const auto& p = summary.points[i];
    std::string prefix = std::to_string(i) + ",";
    append_csv_cell(prefix, p.label);
    for (const auto& key : summary.varied_keys) {
      prefix += ',';
      for (const auto& [k, v] : p.parameters)
        if (k == key) append_csv_cell(prefix, v);
    }
    for (const auto& m : p.metrics) {
      out += prefix + ",";
      append_csv_cell(out, m.metric);
      const Estimate& e = m.estimate;
      out += "," + std::to_string(e.n) + "," + (e.n > 0 ? format_number(e.mean) : std::string());
      // One replicate has no spread and no interval: blank, not a zero-width interval.
      for (double x : {e.sd, e.ci_low, e.ci_high}) out += "," + (e.n > 1 ? format_number(x) : std::string());
      out += '\n';
    }
  }
  return out;
}

void write_sweep_outputs(const fs::path& out_dir) {
  if (!fs::exists(out_dir / kResultsFile))
    throw InputError({out_dir.string(), 0, 0, ""}, "not a sweep directory (it has no results.sqlite)");
  const DirectoryLock lock(out_dir);
  const ResultsStore store(out_dir / kResultsFile, ResultsStore::Mode::read_only);
  write_outputs(store, out_dir);
}

}  // namespace pasante::analysis
