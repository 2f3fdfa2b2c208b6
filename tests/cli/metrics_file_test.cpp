// The metrics-file parser behind `simulate --metrics`, also run by fuzz/fuzz_metrics.cpp.
#include "metrics_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "lrsched/error.hpp"

namespace lrsched::cli {
namespace {

std::string error_of(std::string_view text) {
  try {
    (void)parse_metrics(text, "m.txt");
  } catch (const ValueError& error) {
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
  EXPECT_THROW((void)parse_metrics(std::string_view("1\0", 2), "m.txt"), ValueError);
  EXPECT_THROW((void)parse_metrics(std::string_view("1\n\0\n", 4), "m.txt"), ValueError);
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
  } catch (const ValueError& error) {
    EXPECT_EQ(std::string(error.what()), "cannot read metrics file '" + path + "'");
  }
}

}  // namespace
}  // namespace lrsched::cli
