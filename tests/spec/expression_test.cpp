// Expression semantics against values and messages printed by CPython 3.11.
#include "lrsched/spec/expression.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "lrsched/error.hpp"
#include "lrsched/spec/value.hpp"

namespace {

// Counts allocations while enabled, to check that evaluation never allocates.
bool g_counting = false;
int g_allocations = 0;

}  // namespace

// The replacement pair below is consistent; GCC cannot see that through malloc/free.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  if (g_counting) ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// The nothrow forms too (std::stable_sort's buffer), so that every delete frees what malloc
// gave: a sanitizer's own nothrow new would not be freed by free().
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (g_counting) ++g_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace lrsched::spec {
namespace {

// repr() of the result, or "!Type: message" for an error, as the table below prints them.
std::string run(const std::string& text) {
  try {
    return repr(Expression::compile(text, {}).evaluate({}));
  } catch (const Error& error) {
    return "!" + std::string(error.type()) + ": " + error.what();
  }
}

struct Case {
  const char* text;
  const char* expected;
};

// Generated with CPython 3.11 (bools printed as ints, which is how lrsched returns them).
constexpr Case kCpythonCases[] = {
    {R"(-7 // 2)", R"(-4)"},
    {R"(-7 % 3)", R"(2)"},
    {R"(7 % -3)", R"(-2)"},
    {R"(7.5 % -2)", R"(-0.5)"},
    {R"(-7.5 // 2)", R"(-4.0)"},
    {R"(7 // -2.0)", R"(-4.0)"},
    {R"(-0.0 // 1)", R"(-0.0)"},
    {R"(1 // 0.3)", R"(3.0)"},
    {R"(2 ** -1)", R"(0.5)"},
    {R"(2 ** 10)", R"(1024)"},
    {R"((-2) ** 3)", R"(-8)"},
    {R"(-2 ** 2)", R"(-4)"},
    {R"(2 ** 0.5)", R"(1.4142135623730951)"},
    {R"(0 ** 0)", R"(1)"},
    {R"(0.0 ** 0)", R"(1.0)"},
    {R"(10 ** -2)", R"(0.01)"},
    {R"(1 / 3)", R"(0.3333333333333333)"},
    {R"(2 * 0.1)", R"(0.2)"},
    {R"(0.9 ** 2)", R"(0.81)"},
    {R"(1 + 2 * 3 - 4 / 5)", R"(6.2)"},
    {R"((1 + 2) * 3)", R"(9)"},
    {R"(7 / 2)", R"(3.5)"},
    {R"(6 / 3)", R"(2.0)"},
    {R"(0 / -5)", R"(-0.0)"},
    {R"(9007199254740993 / 1)", R"(9007199254740992.0)"},
    {R"(9007199254740993 / 3)", R"(3002399751580331.0)"},
    {R"(9223372036854775807 / 7)", R"(1.3176245766935393e+18)"},
    {R"(-9223372036854775807 / 10)", R"(-9.223372036854776e+17)"},
    {R"(9223372036854775807 / 9223372036854775806)", R"(1.0)"},
    {R"(round(2.5))", R"(2)"},
    {R"(round(3.5))", R"(4)"},
    {R"(round(-0.5))", R"(0)"},
    {R"(round(-1.5))", R"(-2)"},
    {R"(round(0.5))", R"(0)"},
    {R"(round(2.675, 2))", R"(2.67)"},
    {R"(round(0.125, 2))", R"(0.12)"},
    {R"(round(1234.5, -2))", R"(1200.0)"},
    {R"(round(1250.0, -2))", R"(1200.0)"},
    {R"(round(-0.04, 1))", R"(-0.0)"},
    {R"(round(1e300, -299))", R"(1e+300)"},
    {R"(round(5e-324, 400))", R"(5e-324)"},
    {R"(round(25, -1))", R"(20)"},
    {R"(round(15, -1))", R"(20)"},
    {R"(round(-25, -1))", R"(-20)"},
    {R"(round(5, 0))", R"(5)"},
    {R"(round(1.5, 0))", R"(2.0)"},
    {R"(round(0.5, 0))", R"(0.0)"},
    {R"(int(-2.7))", R"(-2)"},
    {R"(int(2.7))", R"(2)"},
    {R"(int(7))", R"(7)"},
    {R"(float(3))", R"(3.0)"},
    {R"(abs(-3))", R"(3)"},
    {R"(abs(-0.0))", R"(0.0)"},
    {R"(abs(-2.5))", R"(2.5)"},
    {R"(max(1, 1.0))", R"(1)"},
    {R"(max(1.0, 1))", R"(1.0)"},
    {R"(min(2, 1.5, 3))", R"(1.5)"},
    {R"(max([1, 5, 3]))", R"(5)"},
    {R"(min((4, 2)))", R"(2)"},
    {R"(max(1, float('nan')))", R"(1)"},
    {R"(min(float('nan'), 1))", R"(nan)"},
    {R"(math.log(8, 2))", R"(3.0)"},
    {R"(math.log(243, 3))", R"(4.999999999999999)"},
    {R"(math.log(100, 10))", R"(2.0)"},
    {R"(math.log(math.e))", R"(1.0)"},
    {R"(math.log2(8))", R"(3.0)"},
    {R"(math.log10(1000))", R"(3.0)"},
    {R"(math.log(1e-320))", R"(-736.8272408909739)"},
    {R"(math.exp(1))", R"(2.718281828459045)"},
    {R"(math.exp(-1000))", R"(0.0)"},
    {R"(math.sqrt(2))", R"(1.4142135623730951)"},
    {R"(math.floor(-2.5))", R"(-3)"},
    {R"(math.ceil(2.1))", R"(3)"},
    {R"(math.floor(7))", R"(7)"},
    {R"(math.pow(2, 10))", R"(1024.0)"},
    {R"(math.pow(2, 0.5))", R"(1.4142135623730951)"},
    {R"(math.fabs(-3))", R"(3.0)"},
    {R"(math.cos(math.pi))", R"(-1.0)"},
    {R"(math.sin(0))", R"(0.0)"},
    {R"(math.tan(math.pi / 2))", R"(1.633123935319537e+16)"},
    {R"(math.cos(math.pi * 3 / 10))", R"(0.5877852522924731)"},
    {R"(math.pi)", R"(3.141592653589793)"},
    {R"(math.e)", R"(2.718281828459045)"},
    {R"(math.inf)", R"(inf)"},
    {R"(-math.inf)", R"(-inf)"},
    {R"(float('inf'))", R"(inf)"},
    {R"(float('-inf'))", R"(-inf)"},
    {R"(float('1e-3'))", R"(0.001)"},
    {R"(float(' 1_0 '))", R"(10.0)"},
    {R"(1 < 2 < 3)", R"(1)"},
    {R"(1 < 3 < 2)", R"(0)"},
    {R"(0 < 0.5 <= 1)", R"(1)"},
    {R"(2 == 2.0)", R"(1)"},
    {R"(9007199254740993 == 9007199254740992.0)", R"(0)"},
    {R"(9007199254740993 > 9007199254740992.0)", R"(1)"},
    {R"(float('nan') == float('nan'))", R"(0)"},
    {R"(float('nan') != float('nan'))", R"(1)"},
    {R"(3 in (1, 2, 3))", R"(1)"},
    {R"(3.0 in [1, 2, 3])", R"(1)"},
    {R"(4 not in (1, 2))", R"(1)"},
    {R"(not 0)", R"(1)"},
    {R"(not 2.5)", R"(0)"},
    {R"(0 or 2.5)", R"(2.5)"},
    {R"(1 and 0.0)", R"(0.0)"},
    {R"(0.0 and 1)", R"(0.0)"},
    {R"(2 or 1 / 0)", R"(2)"},
    {R"(0 and 1 / 0)", R"(0)"},
    {R"(1 if 0 else 2.5)", R"(2.5)"},
    {R"(1 if 3 else 2)", R"(1)"},
    {R"(True + 1)", R"(2)"},
    {R"(True * 2.5)", R"(2.5)"},
    {R"(-True)", R"(-1)"},
    {R"(1e-05)", R"(1e-05)"},
    {R"(1e16)", R"(1e+16)"},
    {R"(1234567890123456.0)", R"(1234567890123456.0)"},
    {R"(0.0001)", R"(0.0001)"},
    {R"(-0.0)", R"(-0.0)"},
    {R"(1e22)", R"(1e+22)"},
    {R"(1e400)", R"(inf)"},
    {R"(1e-400)", R"(0.0)"},
    {R"(5.)", R"(5.0)"},
    {R"(.5)", R"(0.5)"},
    {R"(1_000)", R"(1000)"},
    {R"(0x10)", R"(16)"},
    {R"(0o17)", R"(15)"},
    {R"(0b101)", R"(5)"},
    {R"(1e308 * 10)", R"(inf)"},
    {R"(-(2 ** 62) * 2)", R"(-9223372036854775808)"},
    {R"(2 ** 62 + (2 ** 62 - 1))", R"(9223372036854775807)"},
    {R"(3 % -1)", R"(0)"},
    {R"(-9223372036854775807 - 1)", R"(-9223372036854775808)"},
    {R"(1 / 0)", R"(!ZeroDivisionError: division by zero)"},
    {R"(1.0 / 0)", R"(!ZeroDivisionError: float division by zero)"},
    {R"(1 // 0)", R"(!ZeroDivisionError: integer division or modulo by zero)"},
    {R"(1 % 0)", R"(!ZeroDivisionError: integer modulo by zero)"},
    {R"(1.0 // 0.0)", R"(!ZeroDivisionError: float floor division by zero)"},
    {R"(1.0 % 0.0)", R"(!ZeroDivisionError: float modulo)"},
    {R"(0.0 ** -1)", R"(!ZeroDivisionError: 0.0 cannot be raised to a negative power)"},
    {R"(0 ** -1)", R"(!ZeroDivisionError: 0.0 cannot be raised to a negative power)"},
    {R"(0.0 ** -1.5)", R"(!ZeroDivisionError: 0.0 cannot be raised to a negative power)"},
    {R"(10.0 ** 400)", R"(!OverflowError: (34, 'Numerical result out of range'))"},
    {R"(math.log(0))", R"(!ValueError: math domain error)"},
    {R"(math.log(-1))", R"(!ValueError: math domain error)"},
    {R"(math.log(2, 1))", R"(!ZeroDivisionError: float division by zero)"},
    {R"(math.log2(0))", R"(!ValueError: math domain error)"},
    {R"(math.log10(-1))", R"(!ValueError: math domain error)"},
    {R"(math.exp(1000))", R"(!OverflowError: math range error)"},
    {R"(math.sqrt(-1))", R"(!ValueError: math domain error)"},
    {R"(math.cos(math.inf))", R"(!ValueError: math domain error)"},
    {R"(math.floor(math.inf))", R"(!OverflowError: cannot convert float infinity to integer)"},
    {R"(math.floor(float('nan')))", R"(!ValueError: cannot convert float NaN to integer)"},
    {R"(int(math.inf))", R"(!OverflowError: cannot convert float infinity to integer)"},
    {R"(int(float('nan')))", R"(!ValueError: cannot convert float NaN to integer)"},
    {R"(round(math.inf))", R"(!OverflowError: cannot convert float infinity to integer)"},
    {R"(round(1.7976931348623157e308, -308))",
     R"(!OverflowError: rounded value too large to represent)"},
    {R"(math.pow(0, -1))", R"(!ValueError: math domain error)"},
    {R"(math.pow(10, 400))", R"(!OverflowError: math range error)"},
    {R"(math.pow(-8, 1/3))", R"(!ValueError: math domain error)"},
    {R"(2.0 ** -1070)", R"(8e-323)"},
    {R"(1.5 ** 1e10)", R"(!OverflowError: (34, 'Numerical result out of range'))"},
    {R"((-2.0) ** math.inf)", R"(inf)"},
    {R"(math.inf ** -1)", R"(0.0)"},
    {R"((-math.inf) ** 3)", R"(-inf)"},
    {R"(1 ** math.nan)", R"(1.0)"},
    {R"(math.nan ** 0)", R"(1.0)"},
    {R"(-1.0 // math.inf)", R"(-1.0)"},
    {R"(1.0 % math.inf)", R"(1.0)"},
    {R"(-1.0 % math.inf)", R"(inf)"},
};

TEST(Expression, MatchesCpython) {
  for (const Case& c : kCpythonCases) {
    EXPECT_EQ(run(c.text), c.expected) << c.text;
  }
}

TEST(Expression, EvaluatesLeftToRightLikePython) {
  // The first failing operand decides the error, as in CPython.
  EXPECT_EQ(run("(1 % 0) + math.sqrt(-1)"), "!ZeroDivisionError: integer modulo by zero");
  EXPECT_EQ(run("math.sqrt(-1) + (1 % 0)"), "!ValueError: math domain error");
  EXPECT_EQ(run("math.log(0, 1 / 0)"), "!ZeroDivisionError: division by zero");
  EXPECT_EQ(run("(1 / 0) < math.log(0)"), "!ZeroDivisionError: division by zero");
  EXPECT_EQ(run("max(math.log(0), 1 / 0)"), "!ValueError: math domain error");
}

TEST(Expression, IntOverflowRaisesInsteadOfWrapping) {
  EXPECT_EQ(run("2 ** 63").substr(0, 15), "!OverflowError:");
  EXPECT_EQ(run("9223372036854775807 + 1").substr(0, 15), "!OverflowError:");
  EXPECT_EQ(run("-(-9223372036854775807 - 1)").substr(0, 15), "!OverflowError:");
  EXPECT_EQ(run("(-9223372036854775807 - 1) // -1").substr(0, 15), "!OverflowError:");
  EXPECT_EQ(run("abs(-9223372036854775807 - 1)").substr(0, 15), "!OverflowError:");
  EXPECT_EQ(run("int(1e19)").substr(0, 15), "!OverflowError:");
  EXPECT_EQ(run("(-9223372036854775807 - 1) % -1"), "0");
}

TEST(Expression, HugePowersFinishQuickly) {
  EXPECT_EQ(run("2 ** 10 ** 10").substr(0, 15), "!OverflowError:");
  EXPECT_EQ(run("1 ** 10 ** 18"), "1");
  EXPECT_EQ(run("(-1) ** (10 ** 18 + 1)"), "-1");
  EXPECT_EQ(run("0 ** 10 ** 18"), "0");
}

TEST(Expression, NegativeBaseFractionalPowerIsRejected) {
  // CPython returns a complex number; lrsched has none.
  EXPECT_EQ(run("(-8) ** (1 / 3)"),
            "!ValueError: negative number cannot be raised to a fractional power");
  EXPECT_EQ(run("(-8.0) ** 3"), "-512.0");
}

TEST(Expression, Parameters) {
  const Expression e = Expression::compile("lr * 10 if step < 5 else 1/(step+1)", {"step", "lr"});
  const Number early[] = {Number::from_int(2), Number::from_float(0.5)};
  EXPECT_EQ(repr(e.evaluate(early)), "5.0");
  const Number late[] = {Number::from_int(9), Number::from_float(0.5)};
  EXPECT_EQ(repr(e.evaluate(late)), "0.1");
  EXPECT_EQ(e.parameters(), (std::vector<std::string>{"step", "lr"}));
  EXPECT_EQ(e.text(), "lr * 10 if step < 5 else 1/(step+1)");
}

TEST(Expression, EvaluateDouble) {
  const Expression seed = Expression::compile("step % 40 / 100.", {"step"});
  EXPECT_EQ(seed.evaluate_double(45), 0.05);
  const Expression decay = Expression::compile("max(0, 1 - step/100)", {"step"});
  EXPECT_EQ(decay.evaluate_double(30), 0.7);
  EXPECT_EQ(decay.evaluate_double(150), 0.0);
  // An int result converts like int.__float__.
  EXPECT_EQ(Expression::compile("step * 3", {"step"}).evaluate_double(7), 21.0);
  const Expression cyclic = Expression::compile("1/(2.**(x-1))", {"x"});
  EXPECT_EQ(cyclic.evaluate_double(3), 0.25);
}

TEST(Expression, WrongArgumentCountIsTypeError) {
  const Expression e = Expression::compile("x + y", {"x", "y"});
  const Number one[] = {Number::from_int(1)};
  try {
    (void)e.evaluate(one);
    FAIL();
  } catch (const TypeError& error) {
    EXPECT_STREQ(error.what(), "<lambda>() missing 1 required positional argument: 'y'");
  }
  const Expression unary = Expression::compile("x", {"x"});
  const Number two[] = {Number::from_int(1), Number::from_int(2)};
  try {
    (void)unary.evaluate(two);
    FAIL();
  } catch (const TypeError& error) {
    EXPECT_STREQ(error.what(), "<lambda>() takes 1 positional argument but 2 were given");
  }
}

TEST(Expression, EvaluationDoesNotAllocate) {
  const Expression e = Expression::compile(
      "max(0.0, min(1.0, math.cos(math.pi * step / 40) * lr)) if step not in (3, 7) and "
      "0 <= step < 1000 else round(lr * 2.5, 3) + abs(-step) // 3 % 7 ** 2",
      {"step", "lr"});
  double sum = 0.0;
  g_counting = true;
  g_allocations = 0;
  for (std::int64_t step = 0; step < 100; ++step) {
    const Number args[] = {Number::from_int(step), Number::from_float(0.1)};
    sum += e.evaluate(args).to_double();
  }
  g_counting = false;
  EXPECT_EQ(g_allocations, 0);
  EXPECT_GT(sum, 0.0);
}

// Compile-time rejection: message, Python exception name and caret column.
struct Rejection {
  const char* text;
  const char* message;
  const char* type;
  std::size_t offset;
};

TEST(Expression, RejectsEverythingOutsideTheSubset) {
  const Rejection cases[] = {
      {"__import__('os')", "function '__import__' is not supported in expressions", "NameError", 0},
      {"os.system('ls')", "attribute access is not supported ('.system'); only math.<name> is",
       "TypeError", 2},
      {"(1).__class__", "attribute access is not supported ('.__class__'); only math.<name> is",
       "TypeError", 3},
      {"x.y", "attribute access is not supported ('.y'); only math.<name> is", "TypeError", 1},
      {"x[0]", "subscripts are not supported", "SyntaxError", 1},
      {"'a' * 10**9", "strings are not supported in expressions", "TypeError", 0},
      {"stp * 2", "name 'stp' is not defined. Did you mean 'step'?", "NameError", 0},
      {"math.cosh(1)", "module 'math' has no attribute 'cosh'. Did you mean 'cos'?",
       "AttributeError", 5},
      {"math.cos", "function 'math.cos' must be called", "TypeError", 0},
      {"max", "function 'max' must be called", "TypeError", 0},
      {"math.cos(1, 2)", "math.cos() takes 1 argument (2 given)", "TypeError", 0},
      {"round(1, 2, 3)", "round() takes from 1 to 2 arguments (3 given)", "TypeError", 0},
      {"max(1)", "max() takes at least 2 arguments (1 given)", "TypeError", 0},
      {"round(x=1)", "keyword arguments are not supported in expressions", "TypeError", 6},
      {"step is None", "'is' comparisons are not supported; use '=='", "SyntaxError", 5},
      {"step in step",
       "'in' needs a literal tuple, list or set on its right, e.g. step in (10, 20)", "TypeError",
       8},
      {"None", "None is not supported in expressions", "TypeError", 0},
      {"lambda x: x", "nested lambdas are not supported", "SyntaxError", 0},
      {"step | 1", "operator '|' is not supported", "SyntaxError", 5},
      {"[1, 2]",
       "lists and tuples are only supported after 'in' and as the argument of "
       "min()/max()",
       "TypeError", 0},
      {"float('abc')", "could not convert string to float: 'abc'", "ValueError", 6},
      {"step +", "invalid syntax: unexpected end of input", "SyntaxError", 6},
      {"(step", "'(' was never closed", "SyntaxError", 0},
      {"1 2", "invalid syntax: unexpected number after the expression", "SyntaxError", 2},
      {"007",
       "leading zeros in decimal integer literals are not permitted; use an 0o prefix for "
       "octal integers",
       "SyntaxError", 0},
      {"1j", "complex numbers are not supported", "SyntaxError", 0},
      {"1__0", "invalid decimal literal", "SyntaxError", 1},
      {"step $ 2", "invalid character '$'", "SyntaxError", 5},
      {"{1: 2}", "dicts are not supported in expressions", "TypeError", 0},
      {"[x for x in (1, 2)]", "comprehensions are not supported", "SyntaxError", 3},
      {"99999999999999999999", "integer literal too large (lrsched ints are 64-bit)",
       "OverflowError", 0},
  };
  for (const Rejection& c : cases) {
    try {
      (void)Expression::compile(c.text, {"step"});
      ADD_FAILURE() << c.text << " compiled";
    } catch (const Error& error) {
      EXPECT_EQ(error.message(), c.message) << c.text;
      EXPECT_EQ(error.type(), c.type) << c.text;
      EXPECT_EQ(error.position().value().offset, c.offset) << c.text;
    }
  }
}

TEST(Expression, HostileNestingIsBounded) {
  const std::string deep = std::string(100000, '(') + "1" + std::string(100000, ')');
  EXPECT_THROW((void)Expression::compile(deep, {}), SyntaxError);
  const std::string parens = std::string(3000, '(') + "1" + std::string(3000, ')');
  try {
    (void)Expression::compile(parens, {});
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "too deeply nested (the limit is 32 levels)");
  }
  std::string chain = "1";
  for (int i = 0; i < 2000; ++i) chain += "+1";
  EXPECT_THROW((void)Expression::compile(chain, {}), SyntaxError);
  EXPECT_THROW((void)Expression::compile(std::string(3000, '-') + "1", {}), SyntaxError);
  // A moderate depth is fine.
  const std::string ok = std::string(30, '(') + "2" + std::string(30, ')');
  EXPECT_EQ(repr(Expression::compile(ok, {}).evaluate({})), "2");
}

}  // namespace
}  // namespace lrsched::spec
