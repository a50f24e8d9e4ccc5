#include "outputs/csv_writers.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace pasante {

namespace {

// Formats into a large string buffer and writes it out in big chunks: the
// national timeseries runs to millions of rows.
class ChunkedFile {
 public:
  static constexpr std::size_t kChunk = std::size_t{1} << 20;

  explicit ChunkedFile(const std::filesystem::path& file) : path_(file), out_(file, std::ios::binary) {
    if (!out_) throw std::runtime_error("cannot create " + path_.string());
    buffer_.reserve(kChunk + 4096);
  }
  std::string& buffer() { return buffer_; }
  void end_line() {
    buffer_ += '\n';
    if (buffer_.size() >= kChunk) flush();
  }
  void close() {
    flush();
    out_.close();
    if (!out_) throw std::runtime_error("error writing " + path_.string());
  }

 private:
  void flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    if (!out_) throw std::runtime_error("error writing " + path_.string());
    buffer_.clear();
  }
  std::filesystem::path path_;
  std::ofstream out_;
  std::string buffer_;
};

bool needs_quotes(std::string_view cell) { return cell.find_first_of(",\"\r\n") != std::string_view::npos; }

void append_integer(std::string& out, long long value) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out.append(buf, end);
}

}  // namespace

void append_csv_cell(std::string& out, std::string_view cell) {
  if (!needs_quotes(cell)) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string csv_cell(std::string_view cell) {
  std::string out;
  append_csv_cell(out, cell);
  return out;
}

void write_summary_csv(const std::filesystem::path& file, const std::vector<SummaryMetric>& summary) {
  ChunkedFile out(file);
  out.buffer() += "metric,value";
  out.end_line();
  for (const auto& metric : summary) {
    append_csv_cell(out.buffer(), metric.name);
    out.buffer() += ',';
    if (!std::isnan(metric.value)) out.buffer() += format_number(metric.value);  // blank: undefined
    out.end_line();
  }
  out.close();
}

void write_timeseries_csv(const std::filesystem::path& file, const TimeSeries& series) {
  // Quote the names once, not once per row.
  std::vector<std::string> municipalities, metrics;
  for (const auto& m : series.municipalities) municipalities.push_back(csv_cell(m));
  for (const auto& m : series.metrics) metrics.push_back(csv_cell(m));

  ChunkedFile out(file);
  std::string& buf = out.buffer();
  buf += "day,municipality,metric,value";
  out.end_line();
  for (const auto& row : series.rows) {
    if (row.municipality >= municipalities.size() || row.metric >= metrics.size())
      throw std::logic_error("timeseries row refers to an unknown municipality or metric");
    append_integer(buf, row.day);
    buf += ',';
    buf += municipalities[row.municipality];
    buf += ',';
    buf += metrics[row.metric];
    buf += ',';
    buf += format_number(row.value);
    out.end_line();
  }
  out.close();
}

void write_table_csv(const std::filesystem::path& file, const Table& table) {
  ChunkedFile out(file);
  std::string& buf = out.buffer();
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) buf += ',';
    append_csv_cell(buf, table.columns[i]);
  }
  out.end_line();
  for (const auto& row : table.rows) {
    if (row.size() != table.columns.size())
      throw std::logic_error("table row has " + std::to_string(row.size()) + " cells for " +
                             std::to_string(table.columns.size()) + " columns");
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) buf += ',';
      append_csv_cell(buf, row[i]);
    }
    out.end_line();
  }
  out.close();
}

}  // namespace pasante
