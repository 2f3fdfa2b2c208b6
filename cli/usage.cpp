#include "usage.hpp"

#include "diagnostics.hpp"
#include "exit_status.hpp"
#include "lrsched/spec/value.hpp"
#include "option_values.hpp"

namespace lrsched::cli {

namespace {

std::string suggestion(std::string_view word, const std::vector<std::string>& known) {
  const std::vector<std::string_view> candidates(known.begin(), known.end());
  if (auto match = spec::closest_name(word, candidates))
    return "; did you mean " + in_quotes(*match) + "?";
  return "";
}

// The commands --help lists (hidden ones, such as `completion`, are accepted but not offered).
std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (!sub->get_group().empty()) names.push_back(sub->get_name());
  }
  return names;
}

const CLI::App* find_command(const CLI::App& app, std::string_view name) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == name) return sub;
  }
  return nullptr;
}

// The option of `command` spelled `name` ("--steps", "-o"), or nullptr.
const CLI::Option* find_option(const CLI::App& command, std::string_view name) {
  for (const CLI::Option* option : command.get_options()) {
    if (name.starts_with("--")) {
      for (const std::string& long_name : option->get_lnames()) {
        if (name.substr(2) == long_name) return option;
      }
    } else {
      for (const std::string& short_name : option->get_snames()) {
        if (name.substr(1) == short_name) return option;
      }
    }
  }
  return nullptr;
}

std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& long_name : option->get_lnames()) names.push_back("--" + long_name);
  }
  return names;
}

// "-x" or "--name", but not a negative number or a lone "-" (stdin).
bool looks_like_option(std::string_view word) {
  if (word.size() < 2 || word[0] != '-') return false;
  if (word[1] == '-') return word.size() > 2;
  return (word[1] >= 'a' && word[1] <= 'z') || (word[1] >= 'A' && word[1] <= 'Z');
}

}  // namespace

void check_command_line(const CLI::App& app, std::span<const char* const> words) {
  const std::vector<std::string> commands = command_names(app);
  std::string command_list;
  for (const std::string& name : commands)
    command_list += (command_list.empty() ? "" : ", ") + name;
  if (words.empty()) throw UsageError("a command is required: " + command_list);

  const std::string_view first = words[0];
  if (looks_like_option(first)) {
    if (first == "-h" || first == "--help" || first == "--version") return;
    const std::string_view name = first.substr(0, first.find('='));
    for (const std::string& command : commands) {
      if (find_option(*find_command(app, command), name) != nullptr) {
        throw UsageError("option " + in_quotes(name) + " goes after a command: lrsched " + command +
                         " ... " + std::string(name));
      }
    }
    throw UsageError("unknown option " + in_quotes(name) + " (commands: " + command_list + ")");
  }
  const CLI::App* command = find_command(app, first);
  if (command == nullptr) {
    const std::string hint = suggestion(first, commands);
    throw UsageError("unknown command " + in_quotes(first) +
                     (hint.empty() ? " (commands: " + command_list + ")" : hint));
  }

  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string_view word = words[i];
    if (word == "--") break;  // everything after is positional
    if (!looks_like_option(word)) continue;
    const std::size_t equals = word.find('=');
    const std::string_view name = word.substr(0, equals);
    const CLI::Option* option = find_option(*command, name);
    if (option == nullptr) {
      throw UsageError("unknown option " + in_quotes(name) + " for '" + command->get_name() + "'" +
                       suggestion(name, option_names(*command)));
    }
    // A value in the next word (`--steps 5`, `-o x.csv`) is not an option even if it looks like
    // one (`--metric -step`).
    if (option->get_items_expected_max() > 0 && equals == std::string_view::npos) ++i;
  }
}

std::string usage_message(const CLI::ParseError& error) { return one_line(error.what()); }

}  // namespace lrsched::cli
