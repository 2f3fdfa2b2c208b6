// The JSON text of state files and checkpoint manifests (src/io/json_text.hpp): nlohmann's layout
// byte for byte, and inf and nan spelled as Python's json module spells them (Infinity,
// -Infinity, NaN), read back as numbers wherever a value may stand and nowhere else.
#include "io/json_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <utility>

#include "lrsched/detail/pyrepr.hpp"

namespace lrsched_test {
namespace {

using lrsched::io::dump_json;
using lrsched::io::parse_json;
using nlohmann::json;

constexpr double kInf = std::numeric_limits<double>::infinity();

// A random document of every JSON type, finite numbers only; strings that look like the
// non-finite words, keys too.
json random_doc(std::mt19937_64& rng, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 5 : 7);
  switch (kind(rng)) {
    case 0:
      return nullptr;
    case 1:
      return rng() % 2 == 0;
    case 2:
      return static_cast<std::int64_t>(rng()) >> (rng() % 60);
    case 3:
      return std::ldexp(static_cast<double>(rng() % 100000) - 50000,
                        static_cast<int>(rng() % 80) - 40);
    case 4: {
      static const char* const kWords[] = {"NaN",       "Infinity", "-Infinity",        "inf",
                                           "a\"b\\\\c", "",         "\\u00e9t\xc3\xa9", "x: NaN",
                                           "[Infinity]"};
      return kWords[rng() % std::size(kWords)];
    }
    case 5:
      return json::array();
    case 6: {
      json a = json::array();
      for (std::uint64_t i = rng() % 4; i > 0; --i) a.push_back(random_doc(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      static const char* const kKeys[] = {"NaN", "Infinity", "lr", "best", "", "k:1"};
      for (std::uint64_t i = rng() % 4; i > 0; --i) {
        o[kKeys[rng() % std::size(kKeys)]] = random_doc(rng, depth + 1);
      }
      return o;
    }
  }
}

TEST(JsonTextTest, FiniteDocumentsAreNlohmannsTextByteForByte) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    const json doc = random_doc(rng, 0);
    for (const int indent : {-1, 0, 1, 4}) {
      const std::string text = dump_json(doc, indent);
      ASSERT_EQ(text, doc.dump(indent)) << "indent " << indent;
      ASSERT_EQ(parse_json(text), doc) << text;
    }
  }
}

TEST(JsonTextTest, NonFiniteNumbersAsPythonsJsonModule) {
  const json doc = {{"best", kInf},
                    {"worse", -kInf},
                    {"metric", std::nan("")},
                    {"lrs", {0.1, kInf, -kInf}},
                    {"name", "Infinity"}};
  // Python: json.dumps(doc, sort_keys=True, separators=(",", ":"))
  EXPECT_EQ(dump_json(doc),
            R"({"best":Infinity,"lrs":[0.1,Infinity,-Infinity],"metric":NaN,"name":"Infinity",)"
            R"("worse":-Infinity})");
  const json back = parse_json(dump_json(doc, 1));
  EXPECT_EQ(back["best"].get<double>(), kInf);
  EXPECT_EQ(back["worse"].get<double>(), -kInf);
  EXPECT_TRUE(std::isnan(back["metric"].get<double>()));
  EXPECT_EQ(back["lrs"][1].get<double>(), kInf);
  EXPECT_EQ(back["lrs"][2].get<double>(), -kInf);
  EXPECT_EQ(back["name"], "Infinity");  // a string stays a string
  EXPECT_EQ(dump_json(back, 1), dump_json(doc, 1));
}

// Documents that keep their keys in insertion order (the CLI's registry JSON) too.
TEST(JsonTextTest, OrderedDocuments) {
  const nlohmann::ordered_json doc = {{"name", "X"}, {"default", kInf}, {"a", {1, 2.5, nullptr}}};
  EXPECT_EQ(dump_json(doc), R"({"name":"X","default":Infinity,"a":[1,2.5,null]})");
  nlohmann::ordered_json finite = doc;
  finite["default"] = 0.5;
  EXPECT_EQ(dump_json(finite, 2), finite.dump(2));
}

TEST(JsonTextTest, OneSpellingWithTheCliJsonOutput) {
  for (const double x : {kInf, -kInf, std::nan(""), 0.1, 1e-05, -0.0}) {
    std::string cli;
    lrsched::detail::append_py_json_float(cli, x);
    if (std::isfinite(x)) {
      EXPECT_EQ(parse_json(cli).get<double>(), x) << cli;
    } else {
      EXPECT_EQ(dump_json(json(x)), cli);
    }
  }
}

TEST(JsonTextTest, ReadsPythonsOutput) {
  // json.dumps({"a": [float("nan"), float("-inf")], "b": {"c": float("inf")}, "Infinity": "NaN"})
  const json doc = parse_json(
      R"({"a": [NaN, -Infinity], "b": {"c": Infinity}, "Infinity": "NaN", "d": ["x", NaN, "y"]})");
  EXPECT_TRUE(std::isnan(doc["a"][0].get<double>()));
  EXPECT_EQ(doc["a"][1].get<double>(), -kInf);
  EXPECT_EQ(doc["b"]["c"].get<double>(), kInf);
  EXPECT_EQ(doc["Infinity"], "NaN");
  EXPECT_EQ(doc["d"][0], "x");
  EXPECT_TRUE(std::isnan(doc["d"][1].get<double>()));
  EXPECT_EQ(doc["d"][2], "y");
  EXPECT_EQ(parse_json("Infinity").get<double>(), kInf);
  EXPECT_EQ(parse_json(" -Infinity ").get<double>(), -kInf);
}

TEST(JsonTextTest, WordsWhereNoValueMayStandAreRefused) {
  for (const char* text : {R"({Infinity: 1})", R"({NaN : 1})", "[1 NaN]", "-NaN", "NaNa",
                           "Infinityy", "[Infinit]", "nan", "inf", "+Infinity", "[NaN,]"}) {
    EXPECT_THROW((void)parse_json(text), json::parse_error) << text;
  }
}

// Positions in errors are those of the text as given, as nlohmann's own; the state loader tells a
// truncated file by them.
TEST(JsonTextTest, ErrorsAreNlohmannsWithPositionsInTheText) {
  const auto error_of = [](const auto& parse, const std::string& text) {
    try {
      (void)parse(text);
    } catch (const json::parse_error& e) {
      return std::make_pair(e.byte, std::string(e.what()));
    }
    ADD_FAILURE() << "parsed: " << text;
    return std::make_pair(std::size_t{0}, std::string());
  };
  const auto nlohmann_parse = [](const std::string& text) { return json::parse(text); };
  const auto ours = [](const std::string& text) { return parse_json(text); };
  // The same text with numbers of the same lengths in place of the words.
  const std::string words = R"({"a": [Infinity, NaN, -Infinity], "b": tru})";
  const std::string numbers = R"({"a": [12345678, 123, -12345678], "b": tru})";
  EXPECT_EQ(error_of(ours, words), error_of(nlohmann_parse, numbers));
  const std::string truncated = R"({"a": [Infinity, NaN)";
  EXPECT_GE(error_of(ours, truncated).first, truncated.size());
}

}  // namespace
}  // namespace lrsched_test
