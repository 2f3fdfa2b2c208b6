// `lrsched completion bash|zsh`: shell completion scripts written from the CLI definitions (the
// subcommands, options, descriptions and choices of the CLI11 App) and the schedule registry.
// Hidden from --help; the build runs it and `cmake --install` installs the scripts.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace lrsched::cli {

/// What an option's value is, as completion offers it (and the man page names it).
enum class ValueKind { none, text, choice, schedule, file, directory };

/// The subcommands --help lists (those with a group: the hidden ones have none).
[[nodiscard]] std::vector<const CLI::App*> visible_subcommands(const CLI::App& app);
/// A subcommand's options and positionals, in definition order, as --help lists them.
[[nodiscard]] std::vector<const CLI::Option*> visible_options(const CLI::App& sub);
/// The values an option accepts when it checks them with CLI::IsMember; empty otherwise.
[[nodiscard]] std::vector<std::string> choices(const CLI::Option& option);
[[nodiscard]] ValueKind value_kind(const CLI::App& sub, const CLI::Option& option);
/// Whether the option may be given more than once (or takes several positional values).
[[nodiscard]] bool repeatable(const CLI::Option& option);

/// The completion script for `shell` ("bash" or "zsh").
[[nodiscard]] std::string completion_script(const CLI::App& app, std::string_view shell);
void setup_completion(CLI::App& app);

}  // namespace lrsched::cli
