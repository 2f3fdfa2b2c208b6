#include "trace_writer.hpp"

#include <algorithm>
#include <charconv>

#include "exit_status.hpp"
#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/error.hpp"

namespace lrsched::cli {

namespace {

void write_all(std::FILE* out, const std::string& text) {
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
    throw FileError("cannot write the output (disk full or closed pipe?)");
  }
}

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_json_string(std::string& out, const std::string& s) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}
}  // namespace

void ColumnTraceWriter::begin(std::size_t groups, bool with_momentum) {
  lrs.assign(groups, {});
  momenta.assign(with_momentum ? groups : 0, {});
}

void ColumnTraceWriter::row(std::int64_t step, std::span<const double> lr,
                            std::span<const double> momentum) {
  if (steps.size() == max_rows_) throw UsageError(too_many_);
  steps.push_back(static_cast<double>(step));
  for (std::size_t g = 0; g < lr.size(); ++g) lrs[g].push_back(lr[g]);
  for (std::size_t g = 0; g < momentum.size(); ++g) momenta[g].push_back(momentum[g]);
}

void ColumnTraceWriter::reserve_rows(std::int64_t rows) {
  // At most 4M rows at once (32 MiB a column): past that the columns grow as rows come, so that
  // a run that fails early or asks for more than memory holds reports that, not an allocation.
  constexpr std::size_t kMaxReserved = std::size_t{1} << 22;
  const std::size_t n =
      rows <= 0 ? 0 : std::min({static_cast<std::size_t>(rows), max_rows_, kMaxReserved});
  steps.reserve(n);
  for (std::vector<double>& column : lrs) column.reserve(n);
  for (std::vector<double>& column : momenta) column.reserve(n);
}

void ColumnTraceWriter::metric(std::int64_t step, double value) {
  metric_steps.push_back(static_cast<double>(step));
  metric_values.push_back(value);
}

void CsvTraceWriter::begin(std::size_t groups, bool with_momentum) {
  buffer_.reserve(kFlushBytes + 4096);
  buffer_ += steps_per_epoch_ > 0 ? "step,epoch" : "step";
  for (std::size_t i = 0; i < groups; ++i) buffer_ += ",lr_" + std::to_string(i);
  if (with_momentum) {
    for (std::size_t i = 0; i < groups; ++i) buffer_ += ",momentum_" + std::to_string(i);
  }
  buffer_ += '\n';
}

void CsvTraceWriter::row(std::int64_t step, std::span<const double> lrs,
                         std::span<const double> momenta) {
  append_int(buffer_, step);
  if (steps_per_epoch_ > 0) {
    buffer_ += ',';
    detail::append_py_float_repr(buffer_,
                                 static_cast<double>(step) / static_cast<double>(steps_per_epoch_));
  }
  for (const double v : lrs) {
    buffer_ += ',';
    detail::append_py_float_repr(buffer_, v);
  }
  for (const double v : momenta) {
    buffer_ += ',';
    detail::append_py_float_repr(buffer_, v);
  }
  buffer_ += '\n';
  flush_if_full();
}

void CsvTraceWriter::flush_if_full() {
  if (buffer_.size() < flush_at_) return;
  write_all(out_, buffer_);
  buffer_.clear();
  released_ = true;
  flush_at_ = kFlushBytes;
}

void CsvTraceWriter::end() {
  write_all(out_, buffer_);
  buffer_.clear();
}

void JsonTraceWriter::begin(std::size_t groups, bool with_momentum) {
  with_momentum_ = with_momentum;
  lrs_.assign(groups, {});
  if (with_momentum) momenta_.assign(groups, {});
}

void JsonTraceWriter::row(std::int64_t step, std::span<const double> lrs,
                          std::span<const double> momenta) {
  if ((steps_.size() + 1) * (1 + lrs.size() + momenta.size()) > kMaxValues) {
    throw UsageError("--format json keeps every row in memory, at most " +
                     std::to_string(kMaxValues) +
                     " numbers: use --format csv (it streams) or fewer --steps");
  }
  steps_.push_back(step);
  for (std::size_t i = 0; i < lrs.size(); ++i) lrs_[i].push_back(lrs[i]);
  for (std::size_t i = 0; i < momenta.size(); ++i) momenta_[i].push_back(momenta[i]);
}

void JsonTraceWriter::end() {
  std::string out = "{\"spec\": ";
  append_json_string(out, spec_);
  out += ", \"steps\": [";
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    if (i > 0) out += ", ";
    append_int(out, steps_[i]);
  }
  out += "]";
  if (steps_per_epoch_ > 0) {
    out += ", \"epoch\": [";
    for (std::size_t i = 0; i < steps_.size(); ++i) {
      if (i > 0) out += ", ";
      detail::append_py_json_float(
          out, static_cast<double>(steps_[i]) / static_cast<double>(steps_per_epoch_));
    }
    out += "]";
  }
  const auto columns = [&out](const char* key, const std::vector<std::vector<double>>& cols) {
    out += ", \"";
    out += key;
    out += "\": [";
    for (std::size_t g = 0; g < cols.size(); ++g) {
      out += g > 0 ? ", [" : "[";
      for (std::size_t i = 0; i < cols[g].size(); ++i) {
        if (i > 0) out += ", ";
        detail::append_py_json_float(out, cols[g][i]);
      }
      out += "]";
    }
    out += "]";
  };
  columns("lr", lrs_);
  if (with_momentum_) columns("momentum", momenta_);
  out += "}\n";
  write_all(out_, out);
}

}  // namespace lrsched::cli
