// Distributed sweeps: `mpirun -np N pasante sweep SWEEP.yaml ...` runs one
// sweep over N MPI processes (ranks). Compiled when CMake finds MPI
// (PASANTE_WITH_MPI); this header names no MPI type, so only sweep_mpi.cpp
// includes <mpi.h>.
//
// Rank 0 coordinates. It alone checks and locks the output directory, opens
// results.sqlite and lists the pending (point, replicate) runs, exactly as
// run_sweep does (SweepDirectory). It hands the runs out one at a time to
// whichever slot asks next: each rank, rank 0 included, runs simulations on
// its own --jobs threads. The other ranks send each finished run (summary
// metrics, time series when kept, seed, scenario digest, resolved scenario,
// start and end times) back to rank 0, which records it with
// ResultsStore::record_run, one transaction per run, then writes summary.csv
// and report.html from the database as run_sweep does. So results.sqlite's
// rows and summary.csv's bytes do not depend on the number of ranks, and a
// job that is killed resumes like any sweep: the same command again, with any
// number of ranks or without mpirun, finishes it with the same results.
//
// Every rank loads the sweep file itself (a shared filesystem is assumed);
// rank 0 broadcasts the SHA-256 of its design (identity, name and replicates)
// and the job stops when any rank's differs.
//
// Threading: MPI_THREAD_FUNNELED. On every rank only the main thread calls
// MPI; it hands runs to the rank's simulation threads through a queue, takes
// finished runs back from them and otherwise polls for messages (MPI_Iprobe,
// or MPI_Test on the collectives), sleeping a millisecond between polls so a
// waiting rank does not take a core from the simulations.
//
// Errors: a failure before the runs (a bad sweep file on any rank, designs
// that differ, a refused or locked output directory) or while writing the
// outputs is printed by rank 0 alone, then every rank returns the same exit
// status (2 for bad input, 1 otherwise). A run that fails on any rank, or a failure while the runs go
// on, is printed once by the rank that sees it (rank 0 for runs of other
// ranks) and ends the whole job with MPI_Abort.
#pragma once
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "analysis/sweep_design.hpp"
#include "analysis/sweep_runner.hpp"

namespace pasante::analysis {

// The size of the job a launcher (Open MPI's mpirun, or a PMI launcher such as
// MPICH's mpiexec or Slurm's srun) started this process in, and its rank,
// read from the environment the launcher sets: {1, 0} when none did. Does not
// initialise MPI.
struct LaunchedRank {
  int size = 1;
  int rank = 0;
};
inline LaunchedRank launched_rank() {
  auto read = [](const char* size_name, const char* rank_name) -> std::optional<LaunchedRank> {
    const char* size = std::getenv(size_name);
    const char* rank = std::getenv(rank_name);
    if (!size || !rank) return std::nullopt;
    return LaunchedRank{std::atoi(size), std::atoi(rank)};
  };
  if (auto r = read("OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK")) return *r;
  if (auto r = read("PMI_SIZE", "PMI_RANK")) return *r;
  return {};
}

// One rank of a distributed sweep. Collective calls must be made by every
// rank in the same order.
class DistributedSweep {
 public:
  // Initialises MPI (MPI_THREAD_FUNNELED); the destructor finalises it.
  DistributedSweep();
  ~DistributedSweep();
  DistributedSweep(const DistributedSweep&) = delete;
  DistributedSweep& operator=(const DistributedSweep&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool coordinator() const { return rank_ == 0; }

  // Collective: calls `load` on every rank, then checks that every rank's
  // design matches rank 0's. When any rank failed, rank 0 prints the first
  // failure (its own as the command line prints errors, another rank's as
  // "rank N: what") and every rank returns std::nullopt with exit_status() set.
  std::optional<SweepDesign> load(const std::function<SweepDesign()>& load);

  // Collective: runs what is pending of `design` into `out_dir` (read on rank
  // 0 only). `options.jobs` is the number of simulation threads on this rank
  // (at least 1); the progress callbacks are called on rank 0 only. Rank 0
  // returns the outcome and the other ranks std::nullopt, with exit_status()
  // 0; a failure is reported as load reports it (before the runs or while
  // writing the outputs: every rank returns std::nullopt) or ends the job
  // (during the runs: MPI_Abort).
  std::optional<SweepRunOutcome> run(const SweepDesign& design, const std::filesystem::path& out_dir,
                                     const SweepRunOptions& options);

  // After load or run returned std::nullopt: the exit status every rank ends
  // with (0 on ranks other than 0 after a successful run; 2 for bad input, 1
  // for any other failure).
  int exit_status() const { return exit_status_; }

 private:
  bool agree(const std::exception_ptr& local_failure);
  SweepRunOutcome coordinate(const SweepDesign& design, SweepDirectory& directory, const SweepRunOptions& options);
  void work(const SweepDesign& design, const SweepRunOptions& options);

  int rank_ = 0;
  int size_ = 1;
  int exit_status_ = 0;
};

}  // namespace pasante::analysis
