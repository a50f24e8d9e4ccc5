// Writes every output of a finished run into its directory, atomically:
// the files go to a staging directory that is renamed into place only when
// all of them (manifest.json last) are written.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "outputs/manifest.hpp"
#include "outputs/run_results.hpp"
#include "scenario/scenario.hpp"

namespace pasante {

// Writes summary.csv, timeseries.csv, interns.csv, violence_events.csv,
// then each of `extra_files` (name -> content, e.g. report.html, which the
// command line renders with analysis/), and manifest.json last, hashing them
// all, to `out_dir`, replacing a previous run there. Throws InputError when
// `out_dir` exists and is not a pasante run; on any failure nothing is left
// at `out_dir` (a previous run there stays untouched).
void write_run(const std::string& out_dir, const Scenario& scenario, const RunResults& results, const RunInfo& info,
               const std::vector<std::pair<std::string, std::string>>& extra_files = {});

}  // namespace pasante
