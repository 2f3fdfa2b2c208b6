// Tests of the terminal (braille) chart renderer: golden outputs of known schedules, and
// structural checks that hold at any width.
//
// Golden files live in tests/cli/terminal_golden/<name>.txt. After an intended change to the
// renderer, regenerate them with
//   LRSCHED_UPDATE_GOLDEN=1 ./cli_tests --gtest_filter='TerminalGolden*'
// and read every changed file before committing it (drops at the right ticks, symmetric curves,
// sensible tick labels, every series in the legend).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <numbers>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "render/terminal.hpp"

namespace {

using lrsched::cli::Chart;
using lrsched::cli::DrawStyle;
using lrsched::cli::log_ticks;
using lrsched::cli::Panel;
using lrsched::cli::render_terminal;
using lrsched::cli::Series;
using lrsched::cli::TerminalOptions;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Series make_series(std::string label, int steps, const std::function<double(int)>& lr,
                   int first_step = 0) {
  Series s{std::move(label), {}, {}};
  for (int t = first_step; t < first_step + steps; ++t) {
    s.x.push_back(t);
    s.y.push_back(lr(t));
  }
  return s;
}

// StepLR(step_size=30, gamma=0.1) from lr 0.1.
Series staircase() {
  return make_series("StepLR(30, gamma=0.1)", 100,
                     [](int t) { return 0.1 * std::pow(0.1, std::floor(t / 30.0)); });
}

// CosineAnnealingLR(T_max=40) from lr 0.05 (periodic past T_max, as PyTorch's recursive form).
Series cosine() {
  return make_series("CosineAnnealingLR(40)", 100,
                     [](int t) { return 0.05 * (1 + std::cos(std::numbers::pi * t / 40.0)) / 2; });
}

// PyTorch's _annealing_cos.
double anneal(double start, double end, double pct) {
  return end + (start - end) / 2.0 * (1 + std::cos(std::numbers::pi * pct));
}

Chart staircase_chart() { return {"StepLR", "step", {{"learning rate", {staircase()}, false}}}; }

Chart cosine_chart() {
  return {"CosineAnnealingLR", "step", {{"learning rate", {cosine()}, false}}};
}

Chart two_series_chart() {
  return {
      "StepLR vs CosineAnnealingLR", "step", {{"learning rate", {staircase(), cosine()}, false}}};
}

// OneCycleLR(max_lr=0.1, total_steps=100): lr up then down, momentum the other way.
Chart one_cycle_chart() {
  const auto lr = [](int t) {
    return t <= 30 ? anneal(0.004, 0.1, t / 30.0) : anneal(0.1, 4e-7, (t - 30) / 69.0);
  };
  const auto momentum = [](int t) {
    return t <= 30 ? anneal(0.95, 0.85, t / 30.0) : anneal(0.85, 0.95, (t - 30) / 69.0);
  };
  return {"OneCycleLR(max_lr=0.1, total_steps=100)",
          "step",
          {{"learning rate", {make_series("lr", 100, lr)}, false},
           {"momentum", {make_series("momentum", 100, momentum)}, false}}};
}

// ExponentialLR(gamma=0.9) from 0.1: 0.1 down to 3e-6, five decades.
Chart exponential_log_chart() {
  return {"ExponentialLR(0.9)",
          "step",
          {{"learning rate",
            {make_series("ExponentialLR(0.9)", 100, [](int t) { return 0.1 * std::pow(0.9, t); })},
            true}}};
}

// The staircase drawn as one: horizontal until the step, then vertical.
Chart staircase_steps_chart() {
  Series s = staircase();
  s.style = DrawStyle::steps;
  return {"StepLR, steps", "step", {{"learning rate", {s}, false}}};
}

// 0.1 * 0.5^t over 1100 steps: 323 decades down to the smallest double, then zeros (gaps).
Chart many_decades_chart() {
  return {"ExponentialLR(0.5)",
          "step",
          {{"learning rate",
            {make_series("ExponentialLR(0.5)", 1100,
                         [](int t) {
                           double lr = 0.1;
                           for (int i = 0; i < t; ++i) lr *= 0.5;
                           return lr;
                         })},
            true}}};
}

// ReduceLROnPlateau's lr (a staircase) with the metric it was given on a right-hand axis.
Chart metric_chart() {
  Series lr = make_series("ReduceLROnPlateau", 60,
                          [](int t) { return 0.1 * std::pow(0.5, std::floor(t / 15.0)); });
  lr.style = DrawStyle::steps;
  Panel panel{"learning rate", {lr}, false};
  panel.right_series.push_back(
      make_series("metric", 60, [](int t) { return 1.0 / (1 + t / 10.0) + 0.4; }));
  return {"ReduceLROnPlateau", "step", {panel}};
}

// Six steps per epoch over 3 epochs: x in fractional epochs.
Chart epochs_chart() {
  Series s = make_series("CosineAnnealingLR(18)", 18, [](int t) {
    return 0.05 * (1 + std::cos(std::numbers::pi * t / 18.0)) / 2;
  });
  for (double& x : s.x) x /= 6;
  Chart chart{"epochs", "epoch", {{"learning rate", {s}, false}}};
  chart.x_min_tick = 0;
  return chart;
}

// A linear decay with NaN for steps 40..49 and +inf at 70: gaps, never a crash.
Chart nan_gap_chart() {
  return {"gaps",
          "step",
          {{"learning rate",
            {make_series("LinearLR", 100,
                         [](int t) {
                           if (t >= 40 && t < 50) return kNaN;
                           if (t == 70) return kInf;
                           return 0.1 * (1 - t / 100.0);
                         })},
            false}}};
}

// A million steps of a sawtooth (20 teeth): min/max reduction must keep every peak.
Chart sawtooth_chart() {
  return {
      "1,000,000 steps",
      "step",
      {{"learning rate",
        {make_series("sawtooth", 1'000'000, [](int t) { return 0.1 * (t % 50'000) / 50'000.0; })},
        false}}};
}

// A resumed run: steps 500..699.
Chart resumed_chart() {
  return {"resumed at step 500",
          "step",
          {{"learning rate",
            {make_series(
                "CosineAnnealingLR(50)", 200,
                [](int t) { return 0.01 * (1 + std::cos(std::numbers::pi * t / 50.0)) / 2; }, 500)},
            false}}};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string strip_ansi(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      while (i < text.size() && text[i] != 'm') ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

std::vector<char32_t> code_points(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : (b & (0x7Fu >> n));
    for (std::size_t k = 1; k < n && i + k < text.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    out.push_back(c);
    i += n;
  }
  return out;
}

bool is_braille(char32_t c) { return c >= 0x2800 && c <= 0x28FF; }

// Lit braille cells of a line.
int lit_cells(const std::string& line) {
  int n = 0;
  for (const char32_t c : code_points(line)) n += is_braille(c) && c != 0x2800 ? 1 : 0;
  return n;
}

void expect_golden(const std::string& name, const std::string& text) {
  const std::filesystem::path path =
      std::filesystem::path(LRSCHED_TERMINAL_GOLDEN_DIR) / (name + ".txt");
  const char* update = std::getenv("LRSCHED_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing; generate it with LRSCHED_UPDATE_GOLDEN=1";
  const std::string expected{std::istreambuf_iterator<char>(in), {}};
  EXPECT_EQ(expected, text) << "differs from " << path << "; got:\n" << text;
}

TerminalOptions plain(int width, int height = 0) { return {width, height, false}; }

TEST(TerminalGolden, Staircase) {
  expect_golden("staircase_w60", render_terminal(staircase_chart(), plain(60)));
}
TEST(TerminalGolden, Cosine) {
  expect_golden("cosine_w100", render_terminal(cosine_chart(), plain(100)));
}
TEST(TerminalGolden, TwoSeries) {
  expect_golden("two_series_w100", render_terminal(two_series_chart(), plain(100)));
}
TEST(TerminalGolden, OneCycleTwoPanels) {
  expect_golden("one_cycle_w80", render_terminal(one_cycle_chart(), plain(80, 12)));
}
TEST(TerminalGolden, ExponentialLogY) {
  expect_golden("exponential_log_w60", render_terminal(exponential_log_chart(), plain(60)));
}
TEST(TerminalGolden, NanGap) {
  expect_golden("nan_gap_w60", render_terminal(nan_gap_chart(), plain(60)));
}
TEST(TerminalGolden, MillionPointSawtooth) {
  expect_golden("sawtooth_1m_w100", render_terminal(sawtooth_chart(), plain(100)));
}
TEST(TerminalGolden, ResumedRun) {
  expect_golden("resumed_w60", render_terminal(resumed_chart(), plain(60)));
}
TEST(TerminalGolden, StaircaseSteps) {
  expect_golden("staircase_steps_w60", render_terminal(staircase_steps_chart(), plain(60)));
}
TEST(TerminalGolden, ManyDecadesLogY) {
  expect_golden("many_decades_log_w60", render_terminal(many_decades_chart(), plain(60)));
}
TEST(TerminalGolden, MetricOnTheRight) {
  expect_golden("metric_right_w80", render_terminal(metric_chart(), plain(80)));
}
TEST(TerminalGolden, Epochs) {
  expect_golden("epochs_w60", render_terminal(epochs_chart(), plain(60)));
}

std::vector<Chart> all_charts() {
  std::vector<Chart> charts = {staircase_chart(), cosine_chart(),          two_series_chart(),
                               one_cycle_chart(), exponential_log_chart(), nan_gap_chart(),
                               resumed_chart(),   staircase_steps_chart(), many_decades_chart(),
                               metric_chart(),    epochs_chart()};
  // Edge cases: empty series, a single point, a flat line, all NaN, non-positive values on a
  // log axis, no panels, no title, long labels, huge and tiny values.
  charts.push_back({"empty", "step", {{"learning rate", {Series{"none", {}, {}}}, false}}});
  charts.push_back({"one point", "step", {{"learning rate", {Series{"one", {7}, {0.1}}}, false}}});
  charts.push_back(
      {"flat",
       "step",
       {{"learning rate", {make_series("flat", 50, [](int) { return 0.01; })}, false}}});
  charts.push_back({"flat zero",
                    "step",
                    {{"learning rate", {make_series("zero", 50, [](int) { return 0.0; })}, true}}});
  charts.push_back(
      {"nan",
       "step",
       {{"learning rate", {make_series("nan", 50, [](int) { return kNaN; })}, false}}});
  charts.push_back(
      {"log with zeros",
       "step",
       {{"learning rate",
         {make_series("z", 50, [](int t) { return t % 3 == 0 ? 0.0 : -1.0 + t * 0.1; })},
         true}}});
  charts.push_back({"no panels", "step", {}});
  charts.push_back({"", "", {{"", {cosine()}, false}}});
  charts.push_back(
      {std::string(300, 'T'),
       std::string(300, 'x'),
       {{std::string(300, 'y'), {Series{std::string(300, 'L'), {0, 1}, {1, 2}}}, false}}});
  charts.push_back(
      {"huge",
       "step",
       {{"lr",
         {Series{"h", {0, 1, 2}, {1e300, -1e300, 1e-300}}, Series{"inf x", {0, kInf}, {1, 2}}},
         false}}});
  charts.push_back(
      {"tiny", "step", {{"lr", {Series{"t", {1e9, 1e9 + 3}, {1e-12, 1.5e-12}}}, true}}});
  charts.push_back(
      {"offset", "step", {{"lr", {Series{"o", {0, 1, 2}, {1000.5, 1000.52, 1000.6}}}, false}}});
  return charts;
}

TEST(TerminalChart, LinesFitAndStayPlainAtAnyWidth) {
  for (const int width : {20, 21, 25, 30, 47, 60, 80, 133, 200, 1000}) {
    for (const Chart& chart : all_charts()) {
      const std::string text = render_terminal(chart, plain(width));
      ASSERT_FALSE(text.empty());
      EXPECT_EQ(text.back(), '\n') << chart.title;
      EXPECT_EQ(text.find('\x1b'), std::string::npos) << chart.title;
      for (const std::string& line : lines_of(text)) {
        const std::vector<char32_t> cps = code_points(line);
        EXPECT_LE(cps.size(), static_cast<std::size_t>(width)) << chart.title << "\n" << line;
        if (!line.empty()) {
          EXPECT_NE(line.back(), ' ') << chart.title << "\n[" << line << "]";
        }
        for (const char32_t c : cps) {
          const bool ascii = c >= 0x20 && c < 0x7F;
          const bool box = c >= 0x2500 && c <= 0x257F;
          EXPECT_TRUE(ascii || box || is_braille(c))
              << chart.title << ": U+" << std::hex << static_cast<std::uint32_t>(c);
        }
      }
    }
  }
}

TEST(TerminalChart, NarrowWidthsClampToTwenty) {
  for (const int width : {-5, 0, 5, 19}) {
    for (const std::string& line : lines_of(render_terminal(two_series_chart(), plain(width)))) {
      EXPECT_LE(code_points(line).size(), 20u) << line;
    }
  }
}

TEST(TerminalChart, LineCountFollowsHeight) {
  const Chart chart = one_cycle_chart();
  for (const int height : {2, 5, 9, 17}) {
    // Title, then per panel its label, the plot rows and its frame, then x ticks and x label,
    // then one legend line per series.
    EXPECT_EQ(lines_of(render_terminal(chart, plain(80, height))).size(),
              static_cast<std::size_t>(1 + 2 * (1 + height + 1) + 2 + 2))
        << height;
  }
  // Height 0: width / 4 rows, at least 8.
  const auto plot_rows = [](const std::string& text) {
    int n = 0;
    for (const std::string& line : lines_of(text)) {
      n += line.find("│") != std::string::npos || line.find("┤") != std::string::npos ? 1 : 0;
    }
    return n;
  };
  EXPECT_EQ(plot_rows(render_terminal(staircase_chart(), plain(80))), 20);
  EXPECT_EQ(plot_rows(render_terminal(staircase_chart(), plain(20))), 8);
  EXPECT_EQ(plot_rows(render_terminal(one_cycle_chart(), plain(100))), 2 * 25);
}

TEST(TerminalChart, ColourOnlyInColourMode) {
  const std::string plain_text = render_terminal(two_series_chart(), plain(80));
  EXPECT_EQ(plain_text.find("\x1b["), std::string::npos);

  const std::string colored = render_terminal(two_series_chart(), {80, 0, true});
  EXPECT_NE(colored.find("\x1b[34m"), std::string::npos);  // first series
  EXPECT_NE(colored.find("\x1b[33m"), std::string::npos);  // second series
  for (const std::string& line : lines_of(colored)) {
    if (line.find('\x1b') != std::string::npos) {
      EXPECT_TRUE(line.ends_with("\x1b[0m")) << line;
    }
    EXPECT_LE(code_points(strip_ansi(line)).size(), 80u);
  }
  const std::vector<std::string> b = lines_of(colored);
  EXPECT_EQ(strip_ansi(b[b.size() - 2]), "  ── StepLR(30, gamma=0.1)");
  // One curve: the same picture once the colour is removed, but for the legend.
  const std::vector<std::string> one = lines_of(render_terminal(cosine_chart(), plain(80)));
  const std::vector<std::string> one_colored =
      lines_of(render_terminal(cosine_chart(), {80, 0, true}));
  ASSERT_EQ(one.size(), one_colored.size());
  for (std::size_t i = 0; i + 1 < one.size(); ++i) EXPECT_EQ(one[i], strip_ansi(one_colored[i]));
  EXPECT_EQ(one.back(), "  [1] CosineAnnealingLR(40)");
}

// Without colour, braille cannot tell two curves apart: each draws with its own mark, and the
// legend shows it.
TEST(TerminalChart, MarksTellCurvesApartWithoutColour) {
  const std::vector<std::string> a = lines_of(render_terminal(two_series_chart(), plain(80)));
  EXPECT_EQ(a[a.size() - 2], "  * StepLR(30, gamma=0.1)");
  EXPECT_EQ(a.back(), "  + CosineAnnealingLR(40)");
  std::string plot;
  for (std::size_t i = 2; i < 2 + 20; ++i) plot += a[i];
  EXPECT_NE(plot.find('*'), std::string::npos);
  EXPECT_NE(plot.find('+'), std::string::npos);
  for (const char32_t c : code_points(plot)) EXPECT_FALSE(is_braille(c)) << plot;
  // The staircase starts at 0.1 in the top-left cell; the cosine starts at 0.05.
  EXPECT_NE(a[2].find("0.1 ┤*"), std::string::npos) << a[2];
}

TEST(TerminalChart, StaircaseTurnsCorners) {
  // The drop from 0.1 at step 29 to 0.01 at step 30: a line slants across two columns of cells,
  // a staircase holds 0.1 up to step 30 and falls in one column.
  const auto drop_columns = [](const Chart& chart) {
    const std::vector<std::string> lines = lines_of(render_terminal(chart, plain(60)));
    std::set<std::size_t> columns;
    for (std::size_t row = 3; row < 15; ++row) {
      const std::vector<char32_t> cps = code_points(lines.at(row));
      for (std::size_t i = 0; i < cps.size(); ++i) {
        if (is_braille(cps[i]) && cps[i] != 0x2800) columns.insert(i);
      }
    }
    return columns;
  };
  EXPECT_EQ(drop_columns(staircase_steps_chart()).size(), 1u);
  EXPECT_EQ(drop_columns(staircase_chart()).size(), 2u);
}

TEST(TerminalChart, TitleIsCentred) {
  for (const int width : {40, 60, 81, 100}) {
    const std::string first = lines_of(render_terminal(two_series_chart(), plain(width)))[0];
    const std::size_t lead = first.find_first_not_of(' ');
    const std::string title = "StepLR vs CosineAnnealingLR";
    EXPECT_EQ(first.substr(lead), title);
    const auto right = static_cast<std::size_t>(width) - lead - title.size();
    EXPECT_TRUE(lead == right || lead + 1 == right) << width << ": " << lead << " vs " << right;
  }
}

// The staircase starts at its maximum at step 0: the top-left dot of the plot area.
TEST(TerminalChart, FirstPointLightsTopLeftDot) {
  const std::vector<std::string> lines = lines_of(render_terminal(staircase_chart(), plain(60)));
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[1], "learning rate");
  const std::vector<char32_t> top = code_points(lines[2]);
  std::size_t axis = 0;
  while (axis < top.size() && top[axis] != U'┤' && top[axis] != U'│') ++axis;
  ASSERT_LT(axis + 1, top.size()) << lines[2];
  EXPECT_EQ(top[axis], U'┤') << "the maximum 0.1 is a tick";
  EXPECT_TRUE(is_braille(top[axis + 1]));
  EXPECT_TRUE((top[axis + 1] - 0x2800) & 0x01) << "dot 1: left column, top row";
  EXPECT_NE(lines[2].find("0.1 ┤"), std::string::npos) << lines[2];
}

TEST(TerminalChart, MillionPointSawtoothKeepsItsPeaks) {
  const std::vector<std::string> lines = lines_of(render_terminal(sawtooth_chart(), plain(100)));
  // lines[0] title, lines[1] the y label, lines[2] the top plot row.
  // Every tooth peaks in the top row (a naive every-n-th sampling would miss most of them).
  EXPECT_GE(lit_cells(lines[2]), 20) << lines[2];
}

// A metric or a loss in the tens: fixed point ("80"), not %g's shortest "8e+01".
TEST(TerminalChart, WholeTickLabelsInFixedPoint) {
  Panel panel{"learning rate", {make_series("lr", 50, [](int) { return 0.1; })}, false};
  panel.right_series.push_back(make_series("metric", 50, [](int t) { return 2.0 * t; }));
  const std::string text = render_terminal({"metric", "step", {panel}}, plain(60));
  EXPECT_EQ(text.find("e+"), std::string::npos) << text;
  EXPECT_NE(text.find("├ 80\n"), std::string::npos) << text;
}

TEST(TerminalChart, LogAxisTicksAtPowersOfTen) {
  const std::string text = render_terminal(exponential_log_chart(), plain(60));
  for (const char* tick : {"0.1 ┤", "0.01 ┤", "0.001 ┤", "0.0001 ┤", "1e-05 ┤"}) {
    EXPECT_NE(text.find(tick), std::string::npos) << tick << "\n" << text;
  }
}

// Hundreds of decades: a few labels at round powers, never one per row.
TEST(TerminalChart, LogAxisThinsManyDecades) {
  const std::string text = render_terminal(many_decades_chart(), plain(60));
  int labels = 0;
  for (const std::string& line : lines_of(text)) labels += line.find("┤") != std::string::npos;
  EXPECT_GE(labels, 3);
  EXPECT_LE(labels, 6);
  EXPECT_NE(text.find("1e-100 ┤"), std::string::npos) << text;
  EXPECT_NE(text.find("1e-200 ┤"), std::string::npos) << text;
}

TEST(LogTicks, DecadesWithMinorTicksBetween) {
  const auto t = log_ticks(-5.2, -0.9, 6, 100);
  EXPECT_TRUE(t.decades);
  EXPECT_EQ(t.major, (std::vector<double>{-5, -4, -3, -2, -1}));
  // 2..9 x 10^k from 10^-5.2 (7e-6 and up) to 10^-0.9 (0.126).
  ASSERT_EQ(t.minor.size(), 3u + 4 * 8);
  EXPECT_NEAR(t.minor.front(), std::log10(7e-6), 1e-12);
  EXPECT_NEAR(t.minor.back(), std::log10(9e-2), 1e-12);
}

TEST(LogTicks, ManyDecadesAreThinnedToRoundStrides) {
  // 0.1 down to 5e-324, padded: 349 decades, at most 9 labels.
  const auto t = log_ticks(-336.2, 11.9, 9, 105);
  EXPECT_TRUE(t.decades);
  EXPECT_EQ(t.major, (std::vector<double>{-300, -250, -200, -150, -100, -50, 0}));
  // The unlabelled decades every 5 (every one would be 349 ticks).
  ASSERT_FALSE(t.minor.empty());
  EXPECT_EQ(t.minor.front(), -335);
  EXPECT_EQ(t.minor[1] - t.minor[0], 5);
  EXPECT_LE(t.minor.size(), 105u);
  // A few decades more than fit: every other one.
  EXPECT_EQ(log_ticks(-7.5, -0.5, 4, 0).major, (std::vector<double>{-6, -4, -2}));
  EXPECT_TRUE(log_ticks(-7.5, -0.5, 4, 0).minor.empty());
}

TEST(LogTicks, WithinTwoDecadesOneTwoFive) {
  const auto t = log_ticks(std::log10(0.015), std::log10(0.12), 6, 100);
  EXPECT_FALSE(t.decades);
  ASSERT_EQ(t.major.size(), 3u);  // 0.02, 0.05, 0.1
  EXPECT_NEAR(t.major[0], std::log10(0.02), 1e-12);
  EXPECT_NEAR(t.major[1], std::log10(0.05), 1e-12);
  EXPECT_DOUBLE_EQ(t.major[2], -1);
  // A factor of 1.5: nothing to label, the caller goes linear.
  EXPECT_TRUE(log_ticks(std::log10(0.04), std::log10(0.06), 6, 100).major.empty());
}

TEST(TerminalChart, TerminalWidthReadsColumns) {
  const char* saved = std::getenv("COLUMNS");
  const std::optional<std::string> previous =
      saved ? std::optional<std::string>(saved) : std::nullopt;
  setenv("COLUMNS", "123", 1);
  EXPECT_EQ(lrsched::cli::terminal_width(), 123);
  setenv("COLUMNS", "wide", 1);
  EXPECT_GT(lrsched::cli::terminal_width(), 0);
  setenv("COLUMNS", "-4", 1);
  EXPECT_GT(lrsched::cli::terminal_width(), 0);
  if (previous) {
    setenv("COLUMNS", previous->c_str(), 1);
  } else {
    unsetenv("COLUMNS");
  }
}

TEST(TerminalChart, NoColorDisablesColour) {
  const char* saved = std::getenv("NO_COLOR");
  const std::optional<std::string> previous =
      saved ? std::optional<std::string>(saved) : std::nullopt;
  setenv("NO_COLOR", "1", 1);
  EXPECT_FALSE(lrsched::cli::stdout_wants_color());
  if (previous) {
    setenv("NO_COLOR", previous->c_str(), 1);
  } else {
    unsetenv("NO_COLOR");
  }
}

}  // namespace
