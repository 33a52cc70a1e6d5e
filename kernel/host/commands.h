// Slash commands: names, descriptions, argument hints and their owners (plugins through
// cf_command_add, scripts through campfire.command). A message whose plain text is `/name args`
// for a command with a runner runs it instead of being stored (see command_hook.cpp).
#pragma once

#include <campfire/plugin.h>

#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cf {

struct PluginRecord;

struct CommandCall {
    std::string_view name;
    std::string_view args;
    int64_t room_id = 0;
    const cf_user* user = nullptr;
    std::string_view message; // the check payload's "message" object
};

// What running a command answered: 202 when taken, else an error status and message.
struct CommandOutcome {
    int status = 202;
    std::string error;
};

struct CommandEntry {
    PluginRecord* owner = nullptr;
    std::string name;
    std::string description;
    std::string args;
    std::function<CommandOutcome(const CommandCall&)> run; // empty: listed only
};

class CommandRegistry {
public:
    // False with `error` for a bad or taken name. "play" belongs to the sounds plugin.
    bool add(CommandEntry entry, std::string* error);
    void remove_owner(const PluginRecord* owner);
    std::optional<CommandEntry> find(std::string_view name) const;
    std::vector<CommandEntry> list() const; // by name

private:
    mutable std::shared_mutex mu_;
    std::vector<CommandEntry> commands_;
};

bool valid_command_name(std::string_view name);

struct CommandText {
    std::string_view name;
    std::string_view args;
};
// "/roll 2d6" -> {"roll", "2d6"}; nullopt unless the trimmed text is a slash, a valid name, and
// then nothing or white space and the arguments.
std::optional<CommandText> parse_command_text(std::string_view text);

} // namespace cf
