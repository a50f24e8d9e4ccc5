// A small reader for the comma-separated data files under scenarios/data.
//
// Hand-written because Debian 12 packages no maintained C++ CSV library. It
// handles what those files use: a header row, fields quoted with '"' (which
// may hold commas, doubled quotes and line breaks), blank fields, CRLF or LF
// line ends and a UTF-8 byte-order mark. Every problem is reported as an
// InputError naming the file, the 1-based line, the 1-based column (field
// number) and the column's name.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pasante {

class CsvTable {
 public:
  // Reads `path` with read_text_file (disk or "embedded:"); InputError when it
  // cannot be read or is malformed.
  static CsvTable read(const std::string& path);
  // As above, for the data file a scenario parameter names: when it cannot be
  // read, the InputError names that `key` (and no file, so the caller can
  // place it where the scenario set the key).
  static CsvTable read(const std::string& path, const std::string& key);
  // Parses CSV text; `file` names it in error messages.
  static CsvTable parse(std::string_view text, const std::string& file);

  const std::string& file() const { return file_; }
  std::size_t row_count() const { return rows_.size(); }
  const std::vector<std::string>& header() const { return header_; }

  // Index of a column by its header name; InputError naming the file and the
  // column when absent.
  std::size_t column(std::string_view name) const;
  std::optional<std::size_t> find_column(std::string_view name) const;

  const std::string& field(std::size_t row, std::size_t column) const { return rows_[row].fields[column]; }
  bool blank(std::size_t row, std::size_t column) const;
  // Line of the file where a data row starts (1-based; the header is line 1).
  int line_of(std::size_t row) const { return rows_[row].line; }

  // Field parsers: InputError with file, line, column and column name when
  // the field is blank or not a number of the kind asked for.
  std::int64_t to_int(std::size_t row, std::size_t column) const;
  double to_double(std::size_t row, std::size_t column) const;
  // As above, but a blank field gives nullopt.
  std::optional<std::int64_t> to_optional_int(std::size_t row, std::size_t column) const;
  std::optional<double> to_optional_double(std::size_t row, std::size_t column) const;

  // Throws an InputError located at a field (for checks made by callers,
  // such as a share outside [0, 1]).
  [[noreturn]] void fail(std::size_t row, std::size_t column, const std::string& problem) const;

 private:
  struct Row {
    int line = 0;
    std::vector<std::string> fields;
  };
  std::string file_;
  std::vector<std::string> header_;
  std::vector<Row> rows_;
};

}  // namespace pasante
