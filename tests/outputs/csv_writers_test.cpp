#include "outputs/csv_writers.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pasante {
namespace {

namespace fs = std::filesystem;

class CsvWritersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pasante_csv_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path dir_;
};

TEST(CsvCell, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(csv_cell("plain"), "plain");
  EXPECT_EQ(csv_cell(""), "");
  EXPECT_EQ(csv_cell("with space"), "with space");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_cell("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csv_cell("\""), "\"\"\"\"");
}

TEST_F(CsvWritersTest, SummaryHasHeaderAndShortestNumbers) {
  write_summary_csv(dir_ / "summary.csv", {{"refusal_rate", 0.25}, {"deaths", 3}, {"odd,name", 0.1}});
  EXPECT_EQ(read(dir_ / "summary.csv"), "metric,value\nrefusal_rate,0.25\ndeaths,3\n\"odd,name\",0.1\n");
}

TEST_F(CsvWritersTest, TimeseriesIsTidyWithIntegerDays) {
  TimeSeries series;
  series.municipalities = {"all", "Doctor Arroyo", "Mier y Noriega, N.L."};
  series.metrics = {"visits", "refusal_rate"};
  series.rows = {{0, 0, 0, 12}, {6, 1, 1, 1.0 / 3}, {364, 2, 0, -0.0}};
  write_timeseries_csv(dir_ / "timeseries.csv", series);
  EXPECT_EQ(read(dir_ / "timeseries.csv"),
            "day,municipality,metric,value\n"
            "0,all,visits,12\n"
            "6,Doctor Arroyo,refusal_rate,0.3333333333333333\n"
            "364,\"Mier y Noriega, N.L.\",visits,0\n");
}

TEST_F(CsvWritersTest, LargeTimeseriesSpansManyChunks) {
  TimeSeries series;
  series.municipalities = {"all"};
  series.metrics = {"visits"};
  const int rows = 200000;  // several 1 MiB chunks
  for (int d = 0; d < rows; ++d) series.rows.push_back({d, 0, 0, d + 0.5});
  write_timeseries_csv(dir_ / "timeseries.csv", series);
  const std::string text = read(dir_ / "timeseries.csv");
  std::istringstream lines(text);
  std::string line;
  int count = -1;  // header
  std::string last;
  while (std::getline(lines, line)) {
    ++count;
    last = line;
  }
  EXPECT_EQ(count, rows);
  EXPECT_EQ(last, "199999,all,visits,199999.5");
}

TEST_F(CsvWritersTest, TimeseriesRejectsUnknownIndices) {
  TimeSeries series;
  series.municipalities = {"all"};
  series.metrics = {"visits"};
  series.rows = {{0, 1, 0, 1}};
  EXPECT_THROW(write_timeseries_csv(dir_ / "timeseries.csv", series), std::logic_error);
}

TEST_F(CsvWritersTest, TableQuotesCellsAndHeader) {
  Table table;
  table.columns = {"id", "clinic", "note"};
  table.rows = {{"0", "La Joya", ""}, {"1", "El Refugio, NL", "said \"no\"\nthen left"}};
  write_table_csv(dir_ / "interns.csv", table);
  EXPECT_EQ(read(dir_ / "interns.csv"),
            "id,clinic,note\n"
            "0,La Joya,\n"
            "1,\"El Refugio, NL\",\"said \"\"no\"\"\nthen left\"\n");
}

TEST_F(CsvWritersTest, EmptyTableHasOnlyTheHeader) {
  Table table;
  table.columns = {"day", "type"};
  write_table_csv(dir_ / "violence_events.csv", table);
  EXPECT_EQ(read(dir_ / "violence_events.csv"), "day,type\n");
}

TEST_F(CsvWritersTest, TableRejectsRowsOfTheWrongWidth) {
  Table table;
  table.columns = {"a", "b"};
  table.rows = {{"1"}};
  EXPECT_THROW(write_table_csv(dir_ / "t.csv", table), std::logic_error);
}

TEST_F(CsvWritersTest, UnwritablePathThrows) {
  EXPECT_THROW(write_summary_csv(dir_ / "missing_dir" / "summary.csv", {}), std::runtime_error);
}

}  // namespace
}  // namespace pasante
