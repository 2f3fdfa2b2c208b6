// Inputs found by fuzzing (fuzz/fuzz_spec.cpp), and the resource bounds the fuzzer relies on:
// every one must end in an lrsched::Error or a value, never in a crash, UB or a hang.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/spec/expression.hpp"
#include "lrsched/spec/parser.hpp"
#include "lrsched/spec/value.hpp"

namespace lrsched::spec {
namespace {

Number eval(const std::string& text) { return Expression::compile(text, {}).evaluate({}); }

// fuzz_spec: a float literal's exponent beyond LONG_MAX overflowed the signed arithmetic that
// decides between inf and 0.0 (UBSan: signed integer overflow in parse_float_literal).
TEST(FuzzRegressions, FloatLiteralWithHugeExponent) {
  EXPECT_EQ(repr(eval("1e9223372036854775807")), "inf");
  EXPECT_EQ(repr(eval("1e99999999999999999999999999")), "inf");
  EXPECT_EQ(repr(eval("0.001e-9223372036854775808")), "0.0");
  EXPECT_EQ(repr(eval("10.5e-99999999999999999999999999")), "0.0");
  EXPECT_EQ(repr(eval("0.00000e9223372036854775807")), "0.0");
  const Call call = parse_spec("StepLR(30, gamma=31e309)");
  EXPECT_EQ(call.name, "StepLR");
}

// fuzz_spec (save and load back): a string literal with bytes that are not UTF-8 reached
// CyclicLR's free-form scale_mode, and saving the state threw nlohmann's "invalid UTF-8" instead
// of an lrsched error. Python refuses such source text; so does the parser now.
TEST(FuzzRegressions, SpecThatIsNotUtf8) {
  const std::string spec =
      "CyclicLR(0.001, 0.1, step_size_up=10, scale_fn=lambda x: 0.99 ** x, scale_mode='@it\xff"
      "\xff"
      "erations')";
  try {
    (void)parse_spec(spec);
    FAIL() << "parsed";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(),
              "(unicode error) 'utf-8' codec can't decode byte 0xff in position 83: invalid start "
              "byte");
    EXPECT_EQ(error.position().value().offset, 83U);
  }
  // CPython's codec rules: overlong forms, surrogates, past U+10FFFF and cut-off sequences.
  const std::array<std::pair<std::string, std::string>, 5> cases{{
      {"StepLR('\xe0\x80\x80')", "byte 0xe0 in position 8: invalid continuation byte"},
      {"StepLR('\xed\xa0\x80')", "byte 0xed in position 8: invalid continuation byte"},
      {"StepLR('\xf4\x90\x80\x80')", "byte 0xf4 in position 8: invalid continuation byte"},
      {"StepLR('\xc0\xaf')", "byte 0xc0 in position 8: invalid start byte"},
      {"StepLR(1) #\xe2\x82", "byte 0xe2 in position 11: unexpected end of data"},
  }};
  for (const auto& [text, fragment] : cases) {
    try {
      (void)parse_spec(text);
      ADD_FAILURE() << "parsed " << text;
    } catch (const Error& error) {
      EXPECT_NE(error.message().find(fragment), std::string::npos) << error.message();
    }
  }
  // Valid UTF-8 passes the check (and then meets the grammar as before).
  EXPECT_EQ(parse_spec("StepLR(30, gamma=0.5)  # \xc3\xa9t\xc3\xa9 \xf0\x9f\x93\x89").name,
            "StepLR");
}

TEST(FuzzBounds, HugeIntegerPowersRaiseOverflowError) {
  // lrsched ints are 64-bit: Python's big results become OverflowError, never wrap around.
  EXPECT_THROW((void)eval("2 ** 5000"), OverflowError);
  EXPECT_THROW((void)eval("10 ** 400"), OverflowError);
  EXPECT_THROW((void)eval("(-3) ** 41"), OverflowError);
  EXPECT_THROW((void)eval("2 ** 2 ** 2 ** 2 ** 2"), OverflowError);
  EXPECT_EQ(eval("(-2) ** 63").i, INT64_MIN);
  EXPECT_EQ(eval("10 ** 18").i, 1000000000000000000);
  // In a spec the same arithmetic is literal folding, with the same error.
  EXPECT_THROW((void)parse_spec("StepLR(2 ** 5000)"), OverflowError);
  EXPECT_THROW((void)parse_spec("StepLR(10 ** 400)"), OverflowError);
  // And in a lambda it raises when called.
  const auto lambda = Expression::compile("10 ** (step + 400)", {"step"});
  EXPECT_THROW((void)lambda.evaluate_double(0), OverflowError);
}

TEST(FuzzBounds, ExpressionTextLengthIsBounded) {
  std::string sum = "1";
  while (sum.size() <= kMaxSpecLength) sum += "+1";
  try {
    (void)Expression::compile(sum, {});
    FAIL() << "compiled " << sum.size() << " characters";
  } catch (const Error& error) {
    EXPECT_EQ(error.message().rfind("text too long", 0), 0U) << error.message();
  }
}

TEST(FuzzBounds, ExpressionDepthIsBounded) {
  // Binary chains deepen the tree without nesting brackets: kMaxDepth stops them.
  std::string chain = "step";
  for (int i = 0; i < Expression::kMaxDepth; ++i) chain += " + 1";
  try {
    (void)Expression::compile(chain, {"step"});
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "expression too deeply nested (the limit is " +
                                   std::to_string(Expression::kMaxDepth) + " levels)");
  }
  std::string shorter = "step";
  for (int i = 0; i < Expression::kMaxDepth - 2; ++i) shorter += " + 1";
  EXPECT_EQ(Expression::compile(shorter, {"step"}).evaluate_double(1), Expression::kMaxDepth - 1);
  // Bracket nesting stops at kMaxNesting, in lambdas inside specs too.
  const std::string deep = "LambdaLR(lambda e: " + std::string(kMaxNesting + 1, '(') + "e" +
                           std::string(kMaxNesting + 1, ')') + ")";
  EXPECT_THROW((void)parse_spec(deep), SyntaxError);
}

TEST(FuzzBounds, EvaluationCostIsBoundedByTheText) {
  // The widest call the length limit allows evaluates at once: no loops beyond the operands.
  std::string wide = "max(step";
  while (wide.size() + 8 < kMaxSpecLength) wide += ", step";
  wide += ")";
  const auto expression = Expression::compile(wide, {"step"});
  EXPECT_EQ(expression.evaluate_double(7), 7.0);
  // Powers take at most 63 squarings whatever the exponent.
  EXPECT_EQ(repr(eval("1 ** 9223372036854775807")), "1");
  EXPECT_EQ(repr(eval("(-1) ** 9223372036854775807")), "-1");
}

}  // namespace
}  // namespace lrsched::spec
