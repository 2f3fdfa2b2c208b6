// Python repr, type names, suggestions and carets.
#include "lrsched/spec/value.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace lrsched::spec {
namespace {

TEST(Value, FloatRepr) {
  const std::pair<double, const char*> cases[] = {
      {0.1, "0.1"},
      {1.0, "1.0"},
      {-0.0, "-0.0"},
      {0.0, "0.0"},
      {1e-05, "1e-05"},
      {0.0001, "0.0001"},
      {1e16, "1e+16"},
      {1234567890123456.0, "1234567890123456.0"},
      {1e22, "1e+22"},
      {1.5e300, "1.5e+300"},
      {5e-324, "5e-324"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1.0 / 3, "0.3333333333333333"},
      {0.045000000000000005, "0.045000000000000005"},
      {5.0000000000000016e-05, "5.0000000000000016e-05"},
      {123.456, "123.456"},
      {-2.5e-7, "-2.5e-07"},
      {std::numeric_limits<double>::infinity(), "inf"},
      {-std::numeric_limits<double>::infinity(), "-inf"},
      {std::numeric_limits<double>::quiet_NaN(), "nan"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
  };
  for (const auto& [value, expected] : cases) EXPECT_EQ(float_repr(value), expected);
}

TEST(Value, ReprOfEveryKind) {
  EXPECT_EQ(repr(Value{NoneType{}, 0}), "None");
  EXPECT_EQ(repr(Value{true, 0}), "True");
  EXPECT_EQ(repr(Value{std::int64_t{-3}, 0}), "-3");
  EXPECT_EQ(repr(Value{2.0, 0}), "2.0");
  EXPECT_EQ(repr(Value{std::string("it's"), 0}), "\"it's\"");
  EXPECT_EQ(repr(Value{std::string("a\"b'c\\\n\x01"), 0}), "'a\"b\\'c\\\\\\n\\x01'");
  EXPECT_EQ(repr(Value{List{{Value{std::int64_t{1}, 0}, Value{0.5, 0}}}, 0}), "[1, 0.5]");
  EXPECT_EQ(repr(Value{Tuple{{Value{std::int64_t{1}, 0}}}, 0}), "(1,)");
  EXPECT_EQ(repr(Value{Tuple{}, 0}), "()");
  Call call;
  call.name = "StepLR";
  call.args.push_back(Value{std::int64_t{30}, 0});
  call.keywords.push_back({"gamma", 0, Value{0.5, 0}});
  EXPECT_EQ(repr(Value{call, 0}), "StepLR(30, gamma=0.5)");
}

// transformers' `SchedulerType.COSINE`, as Python 3.11 shows it: a str whose str() and
// type() are its enum's.
TEST(Value, StrEnumMember) {
  const Value member{EnumMember{"SchedulerType", "COSINE", "cosine"}, 0};
  EXPECT_TRUE(member.is_string());  // isinstance(SchedulerType.COSINE, str)
  EXPECT_EQ(member.as_string(), "cosine");
  EXPECT_EQ(str(member), "SchedulerType.COSINE");
  EXPECT_EQ(repr(member), "<SchedulerType.COSINE: 'cosine'>");
  EXPECT_EQ(type_name(member), "SchedulerType");
  EXPECT_EQ(type_repr(member), "<enum 'SchedulerType'>");
  EXPECT_EQ(type_repr(Value{std::string("x"), 0}), "<class 'str'>");
  EXPECT_EQ(str(Value{std::string("x"), 0}), "x");
  EXPECT_EQ(str(Value{1.0, 0}), "1.0");
  EXPECT_TRUE(keys_equal(member, Value{std::string("cosine"), 0}));
  EXPECT_FALSE(keys_equal(member, Value{std::string("COSINE"), 0}));
}

TEST(Value, TypeNames) {
  EXPECT_EQ(type_name(Value{NoneType{}, 0}), "NoneType");
  EXPECT_EQ(type_name(Value{false, 0}), "bool");
  EXPECT_EQ(type_name(Value{std::int64_t{1}, 0}), "int");
  EXPECT_EQ(type_name(Value{1.0, 0}), "float");
  EXPECT_EQ(type_name(Value{std::string(), 0}), "str");
  EXPECT_EQ(type_name(Value{List{}, 0}), "list");
  EXPECT_EQ(type_name(Value{Tuple{}, 0}), "tuple");
  EXPECT_EQ(type_name(Value{Lambda{}, 0}), "function");
  Call call;
  call.name = "lr_scheduler.StepLR";
  EXPECT_EQ(type_name(Value{call, 0}), "StepLR");
}

TEST(Value, PythonTypePredicates) {
  const Value flag{true, 0};
  EXPECT_TRUE(flag.is_int());  // isinstance(True, int)
  EXPECT_EQ(flag.as_int(), 1);
  EXPECT_EQ(flag.as_double(), 1.0);
  EXPECT_FALSE((Value{1.0, 0}.is_int()));
  EXPECT_TRUE((Value{1.0, 0}.is_float()));
  EXPECT_EQ((Value{std::int64_t{9007199254740993}, 0}.as_double()), 9007199254740992.0);
  EXPECT_TRUE((Value{Tuple{}, 0}.is_sequence()));
  EXPECT_TRUE((Value{std::int64_t{1}, 0}.items().empty()));
}

TEST(Value, ClosestName) {
  const std::string_view names[] = {"CosineAnnealingLR", "CosineAnnealingWarmRestarts", "StepLR",
                                    "MultiStepLR", "ExponentialLR"};
  EXPECT_EQ(closest_name("CosineAnealingLR", names), "CosineAnnealingLR");
  EXPECT_EQ(closest_name("steplr", names), "StepLR");
  EXPECT_EQ(closest_name("MultistepLR", names), "MultiStepLR");
  EXPECT_EQ(closest_name("ExpLR", names), std::nullopt);
  EXPECT_EQ(closest_name("Banana", names), std::nullopt);
  EXPECT_EQ(closest_name("StepLR", names), std::nullopt);  // exact names need no suggestion
}

}  // namespace
}  // namespace lrsched::spec
