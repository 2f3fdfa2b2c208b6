// Tests of what `lrsched plot` puts in a chart (build_chart): draw styles, the metric overlay,
// values a log axis cannot show, and epochs on the x axis.
#include "charts.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exit_status.hpp"
#include "render/terminal.hpp"

namespace {

using lrsched::cli::build_chart;
using lrsched::cli::Chart;
using lrsched::cli::ChartRequest;
using lrsched::cli::default_draw_style;
using lrsched::cli::DrawStyle;
using lrsched::cli::UsageError;

ChartRequest request_of(const std::vector<std::string>& specs, std::int64_t steps = 100) {
  ChartRequest r;
  for (const std::string& spec : specs) r.curves.push_back({spec, spec, false});
  r.simulation.steps = std::to_string(steps);
  return r;
}

TEST(DefaultDrawStyle, StaircaseForStepShapedSchedules) {
  for (const char* spec :
       {"StepLR(30)", "lr_scheduler.MultiStepLR([30, 80])", "ReduceLROnPlateau()",
        "transformers.get_reduce_on_plateau_schedule()", "timm.StepLRScheduler(decay_t=30)",
        "timm.MultiStepLRScheduler(decay_t=[30])", "timm.PlateauLRScheduler()",
        "keras.optimizers.schedules.PiecewiseConstantDecay([10], [0.1, 0.01])",
        "optax.piecewise_constant_schedule(0.1, {10: 0.5})",
        "keras.optimizers.schedules.ExponentialDecay(0.1, 20, 0.5, staircase=True)",
        "keras.optimizers.schedules.InverseTimeDecay(0.1, 20, 0.5, True)",
        "optax.exponential_decay(0.1, 20, 0.5, staircase=True)"}) {
    EXPECT_EQ(default_draw_style(spec), DrawStyle::steps) << spec;
  }
}

TEST(DefaultDrawStyle, LinesForEverythingElse) {
  for (const char* spec :
       {"ExponentialLR(0.9)", "CosineAnnealingLR(10)",
        "keras.optimizers.schedules.ExponentialDecay(0.1, 20, 0.5)",
        "keras.optimizers.schedules.InverseTimeDecay(0.1, 20, 0.5, staircase=False)",
        "optax.exponential_decay(0.1, 20, 0.5)", "timm.CosineLRScheduler(t_initial=10)",
        // Only the outermost call decides.
        "SequentialLR([StepLR(3), ExponentialLR(0.9)], milestones=[5])"}) {
    EXPECT_EQ(default_draw_style(spec), DrawStyle::line) << spec;
  }
}

TEST(BuildChart, EachCurveItsOwnStyleUnlessOneIsGiven) {
  ChartRequest r = request_of({"StepLR(3)", "ExponentialLR(0.9)"}, 10);
  Chart chart = build_chart(r);
  ASSERT_EQ(chart.panels.at(0).series.size(), 2u);
  EXPECT_EQ(chart.panels[0].series[0].style, DrawStyle::steps);
  EXPECT_EQ(chart.panels[0].series[1].style, DrawStyle::line);
  r.draw_style = DrawStyle::line;
  chart = build_chart(r);
  EXPECT_EQ(chart.panels[0].series[0].style, DrawStyle::line);
  EXPECT_EQ(chart.panels[0].series[1].style, DrawStyle::line);
}

TEST(BuildChart, ShowMetricOverlaysTheMetricOnTheRight) {
  ChartRequest r = request_of({"ReduceLROnPlateau(patience=2)"}, 6);
  r.simulation.metric = "step * 0.5";
  EXPECT_TRUE(build_chart(r).panels.at(0).right_series.empty());
  r.show_metric = true;
  const Chart chart = build_chart(r);
  ASSERT_EQ(chart.panels.at(0).right_series.size(), 1u);
  const auto& metric = chart.panels[0].right_series[0];
  EXPECT_EQ(metric.label, "ReduceLROnPlateau(patience=2) metric");
  EXPECT_EQ(metric.x, (std::vector<double>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(metric.y, (std::vector<double>{0, 0.5, 1, 1.5, 2, 2.5}));
  EXPECT_EQ(chart.panels[0].right_label, "metric");
}

TEST(BuildChart, ShowMetricNeedsACurveSteppedOnOne) {
  ChartRequest r = request_of({"StepLR(3)"}, 6);
  r.show_metric = true;
  try {
    (void)build_chart(r);
    FAIL() << "no UsageError";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--show-metric: no curve is stepped on a metric (ReduceLROnPlateau and the like, "
              "with --metric EXPR or --metrics FILE)");
  }
}

TEST(BuildChart, LogAxisNamesTheValuesItCannotShow) {
  ChartRequest r = request_of({"StepLR(3)", "CosineAnnealingLR(T_max=10)"}, 22);
  std::vector<std::string> warnings;
  (void)build_chart(r, &warnings);
  EXPECT_TRUE(warnings.empty());  // a linear axis shows zeros
  r.log_y = true;
  (void)build_chart(r, &warnings);
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "--logy: 1 value <= 0 not drawn (first: 'CosineAnnealingLR(T_max=10)' "
                          "step 10, lr 0)"}));
  // The value is still there: the renderers leave it out.
  EXPECT_EQ(build_chart(r).panels[0].series[1].y.at(10), 0.0);
}

TEST(BuildChart, LogAxisWithNothingPositiveIsAUsageError) {
  ChartRequest r = request_of({"ConstantLR(factor=0.5)"}, 4);
  r.simulation.lrs = "0.0";
  r.log_y = true;
  try {
    (void)build_chart(r);
    FAIL() << "no UsageError";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--logy: no learning rate > 0 to draw (all 4 values are <= 0; first: "
              "'ConstantLR(factor=0.5)' step 0, lr 0)");
  }
}

TEST(BuildChart, EpochsOnTheXAxis) {
  ChartRequest r = request_of({"OneCycleLR(max_lr=0.1, total_steps=10)"}, 6);
  r.simulation.momentum = "0.9";
  r.momentum_panel = true;
  r.simulation.steps_per_epoch = "4";
  r.x_axis = lrsched::cli::XAxis::step;
  Chart chart = build_chart(r);
  EXPECT_EQ(chart.x_label, "step");
  EXPECT_EQ(chart.panels.at(0).series.at(0).x.back(), 5.0);
  r.x_axis = std::nullopt;  // epochs, given --steps-per-epoch
  chart = build_chart(r);
  EXPECT_EQ(chart.x_label, "epoch");
  EXPECT_EQ(chart.x_min_tick, 0.0);
  const std::vector<double> epochs{0, 0.25, 0.5, 0.75, 1, 1.25};
  EXPECT_EQ(chart.panels.at(0).series.at(0).x, epochs);
  EXPECT_EQ(chart.panels.at(1).series.at(0).x, epochs);
  // Ticks between whole epochs (0, 0.2, ..., 1.2), labelled as such.
  const std::string text = lrsched::cli::render_terminal(chart, {60, 8, false});
  EXPECT_NE(text.find(" 0.2 "), std::string::npos) << text;
  EXPECT_NE(text.find(" 1.2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("epoch\n"), std::string::npos) << text;

  r.simulation.steps_per_epoch.clear();
  r.x_axis = lrsched::cli::XAxis::epoch;
  EXPECT_THROW((void)build_chart(r), UsageError);
}

}  // namespace
