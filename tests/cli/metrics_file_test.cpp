// The metrics-file parser behind `simulate --metrics`, also run by fuzz/fuzz_metrics.cpp.
#include "metrics_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "exit_status.hpp"
#include "lrsched/error.hpp"

namespace lrsched::cli {
namespace {

std::string error_of(std::string_view text) {
  try {
    (void)parse_metrics(text, "m.txt");
  } catch (const FileError& error) {
    return error.what();
  }
  return "";
}

TEST(MetricsFile, ParsesOneFloatPerLineSkippingBlankLines) {
  const std::vector<double> values = parse_metrics("0.5\n\n  1e-3\t\r\n\n-2\n", "m.txt");
  EXPECT_EQ(values, (std::vector<double>{0.5, 1e-3, -2.0}));
  EXPECT_EQ(parse_metrics("0.25", "m.txt"), std::vector<double>{0.25});  // no final newline
  EXPECT_TRUE(parse_metrics("", "m.txt").empty());
  EXPECT_TRUE(parse_metrics("\n \r\n\t\n", "m.txt").empty());
}

TEST(MetricsFile, AcceptsNanAndInfinities) {
  const std::vector<double> values = parse_metrics("nan\ninf\n-inf\n", "m.txt");
  ASSERT_EQ(values.size(), 3U);
  EXPECT_TRUE(std::isnan(values[0]));
  EXPECT_EQ(values[1], INFINITY);
  EXPECT_EQ(values[2], -INFINITY);
}

TEST(MetricsFile, ErrorsNameTheFileLineAndText) {
  EXPECT_EQ(error_of("0.1\n\nabc\n"),
            "metrics file 'm.txt' line 3: could not convert string to float: 'abc'");
  EXPECT_EQ(error_of("1.5x"),
            "metrics file 'm.txt' line 1: could not convert string to float: "
            "'1.5x'");
  EXPECT_EQ(error_of("0.1\n 1 2 \n"),
            "metrics file 'm.txt' line 2: could not convert string to float: '1 2'");
  // Embedded NUL bytes are text like any other, not the end of the line.
  EXPECT_THROW((void)parse_metrics(std::string_view("1\0", 2), "m.txt"), FileError);
  EXPECT_THROW((void)parse_metrics(std::string_view("1\n\0\n", 4), "m.txt"), FileError);
}

TEST(MetricsFile, ReadMetricsReadsTheFile) {
  const std::string path = ::testing::TempDir() + "lrsched_metrics_file_test.txt";
  {
    std::ofstream out(path);
    out << "0.3\n\n0.2\nnan\n";
  }
  const std::vector<double> values = read_metrics(path);
  ASSERT_EQ(values.size(), 3U);
  EXPECT_EQ(values[0], 0.3);
  EXPECT_EQ(values[1], 0.2);
  EXPECT_TRUE(std::isnan(values[2]));
  std::remove(path.c_str());
  try {
    (void)read_metrics(path);
    FAIL();
  } catch (const FileError& error) {
    EXPECT_EQ(std::string(error.what()),
              "cannot read metrics file '" + path + "': No such file or directory");
  }
  // A folder is named as one (an ifstream would open it and fail inside libstdc++).
  try {
    (void)read_metrics(::testing::TempDir());
    FAIL();
  } catch (const FileError& error) {
    EXPECT_EQ(std::string(error.what()),
              "cannot read metrics file '" + ::testing::TempDir() + "': Is a directory");
  }
}

TEST(MetricsFile, TakesWhatTrainingScriptsWrite) {
  // Python's float() spellings, comments, a byte-order mark and CRLF line ends.
  EXPECT_EQ(parse_metrics("\xEF\xBB\xBF# val loss per epoch\r\n1_000\r\n0.5  # best\r\n+2.5E-1\r\n",
                          "m.txt"),
            (std::vector<double>{1000.0, 0.5, 0.25}));
  EXPECT_EQ(parse_metrics("Infinity\n-INF\n", "m.txt"), (std::vector<double>{INFINITY, -INFINITY}));
  EXPECT_EQ(error_of("1__0\n"),
            "metrics file 'm.txt' line 1: could not convert string to float: '1__0'");
}

TEST(MetricsFile, ReadsAColumnOfACsvWithAHeader) {
  const std::string csv = "epoch,val_loss,acc\n0,0.9,0.1\n1,0.7,0.4\n2,0.65,0.5\n";
  EXPECT_EQ(parse_metrics(csv, "run.csv", "val_loss"), (std::vector<double>{0.9, 0.7, 0.65}));
  EXPECT_EQ(parse_metrics("\"loss\"\t\"acc\"\n1\t2\n3\t4\n", "run.tsv", "acc"),
            (std::vector<double>{2.0, 4.0}));
  EXPECT_EQ(parse_metrics("val_loss\n0.5\n0.25\n", "run.csv"), (std::vector<double>{0.5, 0.25}));
  EXPECT_EQ(parse_metrics("0,0.5\n1,0.25\n", "run.csv", "2"), (std::vector<double>{0.5, 0.25}));
  const auto error = [](std::string_view text, std::string_view column) {
    try {
      (void)parse_metrics(text, "run.csv", column);
    } catch (const FileError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error(csv, ""),
            "metrics file 'run.csv' has columns epoch, val_loss, acc: name one, as in "
            "'run.csv:acc'");
  EXPECT_EQ(error(csv, "val_los"),
            "metrics file 'run.csv' has no column 'val_los'; did you mean 'val_loss'? (columns: "
            "epoch, val_loss, acc)");
  EXPECT_EQ(error("0,0.5\n1,0.25\n", ""),
            "metrics file 'run.csv' line 1 has 2 columns and the file no header: name one by "
            "number, as in 'run.csv:2'");
  EXPECT_EQ(error("epoch,loss\n0,0.5\n1\n", "loss"),
            "metrics file 'run.csv' line 3 has no column 2 (it has 1)");
}

}  // namespace
}  // namespace lrsched::cli
