// JSON text as lrsched writes it (state files, checkpoint manifests): nlohmann's layout, with the
// non-finite numbers spelled as Python's json module spells them (NaN, Infinity, -Infinity), the
// convention of every JSON document lrsched writes (docs/guarantees.md). nlohmann alone would
// write them as null and refuse to read them back.
//
// Private to the library and the adapter: the installed headers never mention nlohmann.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace lrsched::io {

/// `doc.dump(indent)` byte for byte, except that NaN and ±inf numbers are written as `NaN`,
/// `Infinity` and `-Infinity` (nlohmann writes null) and that bytes that are not UTF-8 in strings
/// become U+FFFD (nlohmann throws).
[[nodiscard]] std::string dump_json(const nlohmann::json& doc, int indent = -1);
/// The same for a document whose objects keep their insertion order.
[[nodiscard]] std::string dump_json(const nlohmann::ordered_json& doc, int indent = -1);

/// `nlohmann::json::parse(text)`, also reading `NaN`, `Infinity` and `-Infinity` where a value
/// may stand, as numbers. Throws nlohmann::json::parse_error as `parse` does, with positions in
/// `text`.
[[nodiscard]] nlohmann::json parse_json(std::string_view text);

}  // namespace lrsched::io
