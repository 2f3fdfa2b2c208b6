#include "manpage.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <string_view>
#include <vector>

#include "completion.hpp"
#include "exit_status.hpp"
#include "lrsched/spec/registry.hpp"
#include "lrsched/version.hpp"
#include "output_file.hpp"

namespace lrsched::cli {

namespace {

// Running text in roff: backslashes printed, a dash that starts a word (an option) is a minus,
// `code` is bold, and a line never starts with a control character.
std::string roff(std::string_view text) {
  std::string out;
  bool in_code = false;
  char previous = ' ';
  for (const char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-' && (previous == ' ' || previous == '-' || previous == '`' ||
                            previous == '(' || previous == ',')) {
      out += "\\-";
    } else if (c == '`') {
      out += in_code ? "\\fR" : "\\fB";
      in_code = !in_code;
    } else {
      out += c;
    }
    previous = c;
  }
  if (in_code) out += "\\fR";
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out;
}

std::string bold(std::string_view text) { return "\\fB" + roff(text) + "\\fR"; }
std::string italic(std::string_view text) { return "\\fI" + roff(text) + "\\fR"; }

// An option name in bold, every dash a minus sign (as typed), not a hyphen.
std::string bold_option(std::string_view name) {
  std::string out = "\\fB";
  for (const char c : name) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out + "\\fR";
}

// What an option's value is called: SPEC, FILE, DIR, {csv|json}, or its type (FLOAT, INT, TEXT).
std::string value_name(const CLI::App& sub, const CLI::Option& option) {
  switch (value_kind(sub, option)) {
    case ValueKind::none:
      return {};
    case ValueKind::choice:
      return "{" + CLI::detail::join(choices(option), "|") + "}";
    case ValueKind::schedule:
      return option.get_name() == "name" ? "NAME" : "SPEC";
    case ValueKind::file:
      return "FILE";
    case ValueKind::directory:
      return "DIR";
    case ValueKind::text:
      break;
  }
  const std::string type = option.get_type_name();
  return type.substr(0, type.find(':'));
}

// "\fB\-o\fR, \fB\-\-output\fR \fIFILE\fR"
std::string option_head(const CLI::App& sub, const CLI::Option& option) {
  std::vector<std::string> names;
  for (const std::string& name : option.get_snames()) names.push_back(bold_option("-" + name));
  for (const std::string& name : option.get_lnames()) names.push_back(bold_option("--" + name));
  std::string head = CLI::detail::join(names, ", ");
  const std::string value = value_name(sub, option);
  if (value.empty()) return head;
  head += " " + italic(value);
  // "--lr FLOAT[,FLOAT...]": a list in one value, as well as the option repeated.
  if (option.get_delimiter() != '\0') {
    const std::string separator(1, option.get_delimiter());
    head += "[" + roff(separator) + italic(value) + "\\&...]";
  }
  return head;
}

std::string synopsis(const CLI::App& sub) {
  std::string line = bold(sub.get_parent()->get_name() + " " + sub.get_name());
  if (!sub.get_options().empty()) line += " [" + italic("options") + "]";
  for (const CLI::Option* option : visible_options(sub)) {
    if (option->nonpositional()) continue;
    line += " " + italic(value_name(sub, *option)) + (repeatable(*option) ? "\\&..." : "");
  }
  return line;
}

std::string options_section(const CLI::App& sub) {
  std::string s;
  for (const CLI::Option* option : visible_options(sub)) {
    if (!option->nonpositional()) continue;
    s += ".TP\n" + option_head(sub, *option) + "\n" + roff(option->get_description());
    if (!option->get_default_str().empty())
      s += " (default: " + roff(option->get_default_str()) + ")";
    if (option->get_required()) s += " (required)";
    if (repeatable(*option) && option->get_delimiter() == '\0') s += " (may be repeated)";
    s += "\n";
  }
  return s;
}

// The schedules SPEC names, by module, in registry order.
std::string schedules_section() {
  std::vector<std::string_view> modules;
  for (const spec::ScheduleEntry& entry : spec::registry()) {
    if (std::find(modules.begin(), modules.end(), entry.signature.module) == modules.end()) {
      modules.push_back(entry.signature.module);
    }
  }
  std::string s;
  for (const std::string_view module : modules) {
    std::vector<std::string> names;
    for (const spec::ScheduleEntry& entry : spec::registry()) {
      if (entry.signature.module == module) names.emplace_back(entry.signature.name);
    }
    s += ".TP\n" + bold(module) + "\n" + roff(CLI::detail::join(names, ", ")) + "\n";
  }
  return s;
}

struct ExitRow {
  ExitStatus status;
  std::string_view meaning;
};
constexpr ExitRow kExitRows[] = {
    {kExitSuccess, "Success."},
    {kExitScheduleError,
     "The schedule was refused or failed: the spec, an expression, or the origin's own "
     "validation (\"lrsched: ValueError: ...\", with the origin's exception type)."},
    {kExitUsageError,
     "The command line is wrong: an unknown subcommand or option, a missing or malformed value, "
     "options that conflict (\"lrsched: error: ...\")."},
    {kExitFileError,
     "A file could not be read or written, or its content is not what it should be (a metrics "
     "file, a state file, an output path)."},
};

}  // namespace

std::string manual_page(const CLI::App& app) {
  const std::string& program = app.get_name();
  std::string summary = app.get_description();
  if (summary.rfind(program + ": ", 0) == 0) summary.erase(0, program.size() + 2);
  const std::vector<const CLI::App*> subs = visible_subcommands(app);

  std::string s;
  s += ".\\\" Generated by `" + program + " man` from the command-line definitions.\n";
  std::string title = program;
  std::transform(title.begin(), title.end(), title.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  s += ".TH " + roff(title) + " 1 \"\" \"" + program + " " + std::string(kVersion) +
       "\" \"User Commands\"\n";
  s += ".nh\n.ad l\n";  // option and schedule names are neither hyphenated nor stretched
  s += ".SH NAME\n" + roff(program) + " \\- " + roff(summary) + "\n";
  s += ".SH SYNOPSIS\n";
  for (const CLI::App* sub : subs) s += synopsis(*sub) + "\n.br\n";
  s += bold(program) + " " + bold_option("--version") + "\n";
  s += ".SH DESCRIPTION\n";
  s += roff(program) +
       " shows a learning-rate schedule before training with it: the rates step by step, as CSV "
       "or JSON, or as a chart in the terminal or in a PNG, SVG or PDF file.\n";
  s += ".PP\n" + italic("SPEC") +
       " is the Python constructor or function call without the optimizer, as in a training "
       "script, nested schedules included: " +
       bold("\"CosineAnnealingLR(T_max=40, eta_min=0.2)\"") +
       ". Every schedule is listed under SCHEDULES below; " + bold(program + " describe NAME") +
       " shows one, " + bold(program + " list --format json") + " prints them all.\n";
  s += ".SH COMMANDS\n";
  for (const CLI::App* sub : subs) {
    s += ".SS " + sub->get_name() + "\n" + synopsis(*sub) + "\n.PP\n" +
         roff(sub->get_description()) + ".\n" + options_section(*sub);
  }
  s += ".SH OPTIONS\n" + options_section(app);
  s += ".SH SCHEDULES\n";
  s += "Names may be bare or qualified with their module (" +
       bold("torch.optim.lr_scheduler.StepLR") + ").\n" + schedules_section();
  s += ".SH EXIT STATUS\n";
  for (const ExitRow& row : kExitRows) {
    s += ".TP\n" + bold(std::to_string(static_cast<int>(row.status))) + "\n" + roff(row.meaning) +
         "\n";
  }
  s += ".SH EXAMPLES\n";
  s += ".nf\n" + roff(program) +
       " simulate \"CosineAnnealingLR(T_max=40, eta_min=0.2)\" \\-\\-lr 1 \\-\\-steps 4\n" +
       roff(program) +
       " plot \"OneCycleLR(max_lr=0.1, total_steps=100)\" \\-\\-momentum 0.9 "
       "\\-\\-momentum\\-panel \\-o onecycle.png\n" +
       roff(program) + " gallery \\-o gallery\n.fi\n";
  return s;
}

void setup_manpage(CLI::App& app) {
  auto output = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("man", "Print the manual page (roff)");
  sub->group("");  // hidden: for packagers, who install the page the build writes
  sub->add_option("-o,--output", *output, "Write to FILE instead of stdout");
  sub->callback([&app, output] {
    OutputFile out(*output);
    const std::string page = manual_page(app);
    std::fwrite(page.data(), 1, page.size(), out.stream());
    out.commit();
  });
}

}  // namespace lrsched::cli
