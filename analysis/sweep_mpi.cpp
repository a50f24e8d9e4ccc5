// Distributed sweeps over MPI ranks: see sweep_mpi.hpp for the design. Every
// message is a byte buffer (MPI_BYTE); a finished run travels as MessagePack.
#include "analysis/sweep_mpi.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "analysis/results_store.hpp"
#include "core/input_error.hpp"
#include "core/sha256.hpp"
#include "outputs/manifest.hpp"

namespace pasante::analysis {

namespace {

using Bytes = std::vector<std::uint8_t>;
using RunId = std::pair<int, int>;  // (point, replicate)

// Message tags.
enum Tag : int {
  kTagFailure = 1,  // any rank -> 0, in a collective check: the rank's error message
  kTagReady,        // worker -> 0: int, the worker's number of simulation slots
  kTagAssign,       // 0 -> worker: int[2], the (point, replicate) one slot runs next
  kTagStop,         // 0 -> worker: nothing left for one slot
  kTagResult,       // worker -> 0: a finished run; also asks for the next run for its slot
  kTagRunFailed,    // worker -> 0: a run threw: status byte, then the message
};

// How long a rank with nothing to do sleeps between two looks for messages.
constexpr auto kPollInterval = std::chrono::milliseconds(1);

struct Failure {
  int status = 0;  // exit status: 2 bad input, 1 anything else
  std::string message;
};

Failure describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const InputError& e) {
    return {2, e.what()};
  } catch (const std::exception& e) {
    return {1, e.what()};
  } catch (...) {
    return {1, "unknown error"};
  }
}

std::string one_line(std::string text) {
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return text;
}

// The failure as the command line prints errors (sim/cli/main.cpp).
void print_failure(const Failure& failure) {
  std::fprintf(stderr, "pasante: %s: %s\n", failure.status == 2 ? "error" : "internal error",
               one_line(failure.message).c_str());
  std::fflush(stderr);
}

// Prints the failure, then ends every rank.
[[noreturn]] void abort_job(const Failure& failure) {
  print_failure(failure);
  MPI_Abort(MPI_COMM_WORLD, failure.status);
  std::_Exit(failure.status);
}

std::string now_text() { return iso8601_utc(std::chrono::system_clock::now()); }

void send(int dest, int tag, const void* data, std::size_t size) {
  MPI_Send(data, static_cast<int>(size), MPI_BYTE, dest, tag, MPI_COMM_WORLD);
}
void send(int dest, int tag, const Bytes& bytes) { send(dest, tag, bytes.data(), bytes.size()); }

// Receives the message `status` describes (found by MPI_Iprobe or MPI_Probe).
Bytes receive(const MPI_Status& status) {
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  Bytes bytes(static_cast<std::size_t>(count));
  MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return bytes;
}

// Waits for a non-blocking operation without spinning on a core.
void wait_polling(MPI_Request& request) {
  for (;;) {
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    std::this_thread::sleep_for(kPollInterval);
  }
}

template <class T>
T read_value(const Bytes& bytes, std::size_t offset = 0) {
  T value{};
  if (bytes.size() < offset + sizeof(T)) throw std::runtime_error("MPI message too short");
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

Bytes encode_failure(const Failure& failure) {
  Bytes bytes{static_cast<std::uint8_t>(failure.status)};
  bytes.insert(bytes.end(), failure.message.begin(), failure.message.end());
  return bytes;
}

Failure decode_failure(const Bytes& bytes) {
  if (bytes.empty()) return {1, "a run failed"};
  return {bytes[0], std::string(bytes.begin() + 1, bytes.end())};
}

// A finished run as MessagePack. Doubles keep every bit (MessagePack writes a
// float32 only when it reads back as the same double, NaN as a float64).
Bytes encode_run(const FinishedRun& run) {
  nlohmann::json names = nlohmann::json::array(), values = nlohmann::json::array();
  for (const auto& m : run.summary) {
    names.push_back(m.name);
    values.push_back(m.value);
  }
  nlohmann::json j = {{"point_id", run.point_id},
                      {"replicate", run.replicate},
                      {"seed", run.seed},
                      {"scenario_sha256", run.scenario_sha256},
                      {"resolved_json", run.resolved_json},
                      {"started_at", run.started_at},
                      {"finished_at", run.finished_at},
                      {"metric_names", std::move(names)},
                      {"metric_values", std::move(values)}};
  if (run.timeseries) {
    const TimeSeries& ts = *run.timeseries;
    nlohmann::json day = nlohmann::json::array(), place = nlohmann::json::array(), metric = nlohmann::json::array(),
                   value = nlohmann::json::array();
    for (const auto& row : ts.rows) {
      day.push_back(row.day);
      place.push_back(row.municipality);
      metric.push_back(row.metric);
      value.push_back(row.value);
    }
    j["timeseries"] = {
        {"municipalities", ts.municipalities}, {"metrics", ts.metrics},       {"day", std::move(day)},
        {"municipality", std::move(place)},    {"metric", std::move(metric)}, {"value", std::move(value)}};
  }
  return nlohmann::json::to_msgpack(j);
}

FinishedRun decode_run(const Bytes& bytes) {
  const nlohmann::json j = nlohmann::json::from_msgpack(bytes);
  FinishedRun run;
  run.point_id = j.at("point_id").get<int>();
  run.replicate = j.at("replicate").get<int>();
  run.seed = j.at("seed").get<std::int64_t>();
  run.scenario_sha256 = j.at("scenario_sha256").get<std::string>();
  run.resolved_json = j.at("resolved_json").get<std::string>();
  run.started_at = j.at("started_at").get<std::string>();
  run.finished_at = j.at("finished_at").get<std::string>();
  const auto& names = j.at("metric_names");
  const auto& values = j.at("metric_values");
  if (names.size() != values.size()) throw std::runtime_error("MPI message: metric names and values differ in number");
  for (std::size_t i = 0; i < names.size(); ++i)
    run.summary.push_back({names[i].get<std::string>(), values[i].get<double>()});
  if (const auto it = j.find("timeseries"); it != j.end()) {
    const auto& t = *it;
    TimeSeries ts;
    ts.municipalities = t.at("municipalities").get<std::vector<std::string>>();
    ts.metrics = t.at("metrics").get<std::vector<std::string>>();
    const auto &day = t.at("day"), &place = t.at("municipality"), &metric = t.at("metric"), &value = t.at("value");
    if (place.size() != day.size() || metric.size() != day.size() || value.size() != day.size())
      throw std::runtime_error("MPI message: time series columns differ in length");
    ts.rows.reserve(day.size());
    for (std::size_t i = 0; i < day.size(); ++i)
      ts.rows.push_back({day[i].get<SimDay>(), place[i].get<std::uint32_t>(), metric[i].get<std::uint32_t>(),
                         value[i].get<double>()});
    run.timeseries = std::move(ts);
  }
  return run;
}

// What every rank must have loaded alike: the design's identity (design, seed,
// points and their resolved scenarios), its name and its replicates.
std::string design_fingerprint(const SweepDesign& design) {
  return sha256_hex(design.identity_json() + "\n" + design.name + "\n" + std::to_string(design.replicates));
}

}  // namespace

DistributedSweep::DistributedSweep() {
  int provided = 0;
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
    throw std::runtime_error("MPI_Init_thread failed");
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw std::runtime_error("the MPI library does not provide MPI_THREAD_FUNNELED");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

DistributedSweep::~DistributedSweep() { MPI_Finalize(); }

// Collective: true when no rank failed. Otherwise rank 0 prints the failure of
// the lowest failing rank, every rank waits until it has (mpirun ends the job
// as soon as one rank exits with a non-zero status), sets exit_status_ and
// returns false.
bool DistributedSweep::agree(const std::exception_ptr& local_failure) {
  const Failure mine = local_failure ? describe(local_failure) : Failure{};
  std::vector<int> statuses(static_cast<std::size_t>(coordinator() ? size_ : 1));
  MPI_Request request;
  MPI_Igather(&mine.status, 1, MPI_INT, statuses.data(), 1, MPI_INT, 0, MPI_COMM_WORLD, &request);
  wait_polling(request);

  int verdict[2] = {-1, 0};  // the first failing rank, its exit status
  if (coordinator())
    for (int r = 0; r < size_; ++r)
      if (statuses[static_cast<std::size_t>(r)] != 0) {
        verdict[0] = r;
        verdict[1] = statuses[static_cast<std::size_t>(r)];
        break;
      }
  MPI_Ibcast(verdict, 2, MPI_INT, 0, MPI_COMM_WORLD, &request);
  wait_polling(request);
  const int failed_rank = verdict[0];
  if (failed_rank < 0) return true;
  exit_status_ = verdict[1];

  if (rank_ == failed_rank && !coordinator()) send(0, kTagFailure, mine.message.data(), mine.message.size());
  if (coordinator()) {
    Failure shown = mine;
    if (failed_rank != 0) {
      MPI_Status status;
      MPI_Probe(failed_rank, kTagFailure, MPI_COMM_WORLD, &status);
      const Bytes message = receive(status);
      shown = {exit_status_,
               "rank " + std::to_string(failed_rank) + ": " + std::string(message.begin(), message.end())};
    }
    print_failure(shown);
  }
  MPI_Ibarrier(MPI_COMM_WORLD, &request);
  wait_polling(request);
  return false;
}

std::optional<SweepDesign> DistributedSweep::load(const std::function<SweepDesign()>& load) {
  std::optional<SweepDesign> design;
  std::exception_ptr failure;
  try {
    design = load();
  } catch (...) {
    failure = std::current_exception();
  }
  if (!agree(failure)) return std::nullopt;

  const std::string mine = design_fingerprint(*design);
  std::string rank0 = mine;  // 64 hex digits on every rank
  MPI_Request request;
  MPI_Ibcast(rank0.data(), static_cast<int>(rank0.size()), MPI_CHAR, 0, MPI_COMM_WORLD, &request);
  wait_polling(request);
  if (rank0 != mine)
    failure = std::make_exception_ptr(
        InputError({}, "the sweep it loaded differs from rank 0's (design SHA-256 " + mine.substr(0, 12) + " against " +
                           rank0.substr(0, 12) +
                           "): every process must read the same sweep file, base scenario and command-line options"));
  if (!agree(failure)) return std::nullopt;
  return design;
}

std::optional<SweepRunOutcome> DistributedSweep::run(const SweepDesign& design, const std::filesystem::path& out_dir,
                                                     const SweepRunOptions& options) {
  std::unique_ptr<SweepDirectory> directory;
  std::exception_ptr failure;
  if (coordinator()) try {
      if (!std::filesystem::exists(out_dir / kResultsFile)) check_sweep_worlds(design);  // as run_sweep does
      directory = std::make_unique<SweepDirectory>(design, out_dir);
    } catch (...) {
      failure = std::current_exception();
    }
  if (!agree(failure)) return std::nullopt;

  SweepRunOutcome outcome;
  try {
    if (coordinator())
      outcome = coordinate(design, *directory, options);
    else
      work(design, options);
  } catch (...) {
    Failure f = describe(std::current_exception());
    if (!coordinator()) f.message = "rank " + std::to_string(rank_) + ": " + f.message;
    abort_job(f);
  }

  if (coordinator()) try {
      directory->write_outputs();  // still holding the lock
    } catch (...) {
      failure = std::current_exception();
    }
  if (!agree(failure) || !coordinator()) return std::nullopt;
  return outcome;
}

// Rank 0: hands out the pending runs to its own simulation threads and, one
// slot at a time, to the other ranks, and records every finished run.
SweepRunOutcome DistributedSweep::coordinate(const SweepDesign& design, SweepDirectory& directory,
                                             const SweepRunOptions& options) {
  const std::vector<RunId> pending = directory.pending();
  ResultsStore& store = directory.store();
  SweepRunOutcome outcome;
  outcome.total = design.total_runs();
  outcome.already_done = outcome.total - static_cast<int>(pending.size());
  outcome.ran = static_cast<int>(pending.size());
  if (options.on_start) options.on_start(outcome.already_done, outcome.total);

  std::mutex mutex;  // guards what follows and serialises the progress callback
  std::condition_variable local_changed;
  std::size_t next = 0;
  int finished = outcome.already_done;
  std::optional<Failure> local_failure;
  const int local_jobs = std::max(1, options.jobs);
  int local_running = local_jobs;

  auto take = [&]() -> std::optional<RunId> {
    std::lock_guard lock(mutex);
    if (local_failure || next >= pending.size()) return std::nullopt;
    return pending[next++];
  };
  auto count_done = [&] {
    std::lock_guard lock(mutex);
    ++finished;
    if (options.on_run_done) options.on_run_done(finished, outcome.total);
  };

  auto simulate = [&] {
    while (const auto run = take()) {
      try {
        const std::string started_at = now_text();
        store.mark_running(run->first, run->second, started_at);
        const FinishedRun finished_run =
            run_sweep_point(design, run->first, run->second, options.threads_per_run, started_at);
        store.record_run(finished_run.record());
        count_done();
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!local_failure) local_failure = describe(std::current_exception());
        break;
      }
    }
    std::lock_guard lock(mutex);
    --local_running;
    local_changed.notify_all();
  };
  std::vector<std::thread> threads;
  for (int j = 0; j < local_jobs; ++j) threads.emplace_back(simulate);

  // Per rank: slots declared (-1 until its kTagReady arrives) and slots stopped.
  std::vector<int> slots(static_cast<std::size_t>(size_), -1), stops(static_cast<std::size_t>(size_), 0);
  slots[0] = 0;
  auto hand_out = [&](int rank) {
    if (const auto run = take()) {
      store.mark_running(run->first, run->second, now_text());
      const int message[2] = {run->first, run->second};
      send(rank, kTagAssign, message, sizeof message);
    } else {
      send(rank, kTagStop, nullptr, 0);
      ++stops[static_cast<std::size_t>(rank)];
    }
  };
  auto workers_stopped = [&] {
    for (int r = 1; r < size_; ++r)
      if (slots[static_cast<std::size_t>(r)] < 0 ||
          stops[static_cast<std::size_t>(r)] < slots[static_cast<std::size_t>(r)])
        return false;
    return true;
  };

  // The threads are running: a failure here ends the job rather than unwinding past them.
  try {
    for (;;) {
      {
        std::lock_guard lock(mutex);
        if (local_failure) abort_job(*local_failure);
        if (local_running == 0 && workers_stopped()) break;
      }
      int arrived = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
      if (!arrived) {
        std::unique_lock lock(mutex);
        local_changed.wait_for(lock, kPollInterval);
        continue;
      }
      const int source = status.MPI_SOURCE;
      const Bytes bytes = receive(status);
      switch (status.MPI_TAG) {
        case kTagReady: {
          const int count = std::max(1, read_value<int>(bytes));
          slots[static_cast<std::size_t>(source)] = count;
          for (int s = 0; s < count; ++s) hand_out(source);
          break;
        }
        case kTagResult:
          store.record_run(decode_run(bytes).record());
          count_done();
          hand_out(source);
          break;
        case kTagRunFailed: {
          Failure f = decode_failure(bytes);
          f.message = "rank " + std::to_string(source) + ": " + f.message;
          abort_job(f);
        }
        default:
          abort_job({1, "rank " + std::to_string(source) + " sent an unexpected message (tag " +
                            std::to_string(status.MPI_TAG) + ")"});
      }
    }
  } catch (...) {
    abort_job(describe(std::current_exception()));
  }
  for (auto& t : threads) t.join();
  return outcome;
}

// Ranks other than 0: runs what rank 0 hands out on --jobs threads and sends
// each finished run back, until every slot has been told to stop.
void DistributedSweep::work(const SweepDesign& design, const SweepRunOptions& options) {
  const int slots = std::max(1, options.jobs);
  struct Outgoing {
    int tag = 0;
    Bytes bytes;
  };
  std::mutex mutex;  // guards the inbox, the outbox and `closed`
  std::condition_variable inbox_changed, outbox_changed;
  std::deque<RunId> inbox;
  std::deque<Outgoing> outbox;
  bool closed = false;

  auto simulate = [&] {
    for (;;) {
      RunId run;
      {
        std::unique_lock lock(mutex);
        inbox_changed.wait(lock, [&] { return closed || !inbox.empty(); });
        if (inbox.empty()) return;
        run = inbox.front();
        inbox.pop_front();
      }
      Outgoing out;
      try {
        out = {kTagResult,
               encode_run(run_sweep_point(design, run.first, run.second, options.threads_per_run, now_text()))};
      } catch (...) {
        out = {kTagRunFailed, encode_failure(describe(std::current_exception()))};
      }
      const bool failed = out.tag == kTagRunFailed;
      {
        std::lock_guard lock(mutex);
        outbox.push_back(std::move(out));
      }
      outbox_changed.notify_all();
      if (failed) return;  // rank 0 ends the job
    }
  };
  std::vector<std::thread> threads;
  for (int j = 0; j < slots; ++j) threads.emplace_back(simulate);

  // The threads are running: a failure here ends the job rather than unwinding past them.
  try {
    send(0, kTagReady, &slots, sizeof slots);
    int stops = 0;
    while (stops < slots) {
      std::deque<Outgoing> sending;
      {
        std::lock_guard lock(mutex);
        sending.swap(outbox);
      }
      for (const auto& m : sending) send(0, m.tag, m.bytes);

      int arrived = 0;
      MPI_Status status;
      MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
      if (arrived) {
        const Bytes bytes = receive(status);
        if (status.MPI_TAG == kTagAssign) {
          {
            std::lock_guard lock(mutex);
            inbox.emplace_back(read_value<int>(bytes), read_value<int>(bytes, sizeof(int)));
          }
          inbox_changed.notify_one();
        } else if (status.MPI_TAG == kTagStop) {
          ++stops;
        } else {
          throw std::runtime_error("unexpected message from rank 0 (tag " + std::to_string(status.MPI_TAG) + ")");
        }
        continue;
      }
      std::unique_lock lock(mutex);
      outbox_changed.wait_for(lock, kPollInterval, [&] { return !outbox.empty(); });
    }
  } catch (...) {
    Failure f = describe(std::current_exception());
    abort_job({f.status, "rank " + std::to_string(rank_) + ": " + f.message});
  }
  {
    std::lock_guard lock(mutex);
    closed = true;
  }
  inbox_changed.notify_all();
  for (auto& t : threads) t.join();
}

}  // namespace pasante::analysis
