// Python's `repr()` of numbers: used for CSV output (shortest round-trip form) and for error
// messages that quote values exactly as PyTorch's f-strings do; and Python's `json.dumps` of them.
#pragma once

#include <cstdint>
#include <string>

namespace lrsched::detail {

/// `repr(float(x))`: "0.1", "1e-05", "1.0", "1e+16", "inf", "-inf", "nan". Shortest digits that
/// read back to the same double.
[[nodiscard]] std::string py_float_repr(double x);

/// Appends `py_float_repr(x)` to `out` without allocating beyond `out`'s growth.
void append_py_float_repr(std::string& out, double x);

/// Appends `x` as Python's json module writes a float: `repr` when finite, else `NaN`,
/// `Infinity` or `-Infinity`. Strict JSON has no spelling for these; Python's json module and
/// lrsched read them back. Every JSON document lrsched writes spells them this way.
void append_py_json_float(std::string& out, double x);

}  // namespace lrsched::detail
