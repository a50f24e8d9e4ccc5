// CSV files of a run: summary.csv, timeseries.csv and generic tables
// (interns.csv, violence_events.csv). RFC 4180 quoting, "\n" line ends,
// numbers by format_number so equal results give byte-identical files.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "outputs/run_results.hpp"

namespace pasante {

// Appends `cell` to `out`, quoted (and inner quotes doubled) when it holds a
// comma, a double quote, a carriage return or a newline.
void append_csv_cell(std::string& out, std::string_view cell);
std::string csv_cell(std::string_view cell);

// `metric,value`, one row per metric in the given order.
void write_summary_csv(const std::filesystem::path& file, const std::vector<SummaryMetric>& summary);

// `day,municipality,metric,value`; day is the simulation day number.
void write_timeseries_csv(const std::filesystem::path& file, const TimeSeries& series);

// Header of column names, then one line per row (rows must match the columns).
void write_table_csv(const std::filesystem::path& file, const Table& table);

}  // namespace pasante
