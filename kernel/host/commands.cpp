#include "kernel/host/commands.h"

#include "kernel/base/strings.h"
#include "kernel/host/plugin_record.h"

#include <algorithm>
#include <mutex>

namespace cf {

bool valid_command_name(std::string_view name) {
    if (name.empty() || name.size() > 32) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

bool CommandRegistry::add(CommandEntry entry, std::string* error) {
    if (!valid_command_name(entry.name)) {
        *error = "command names are 1 to 32 of [a-z0-9_-]";
        return false;
    }
    if (entry.description.size() > 200 || entry.args.size() > 100) {
        *error = "a command's description is at most 200 bytes and its argument hint 100";
        return false;
    }
    // Campfire's /play is the sounds plugin's, whoever else asks.
    if (entry.name == "play" && (!entry.owner || entry.owner->name != "sounds")) {
        *error = "/play belongs to the sounds plugin";
        return false;
    }
    std::unique_lock lock(mu_);
    for (const auto& c : commands_)
        if (c.name == entry.name) {
            *error = "command /" + entry.name + " is taken";
            return false;
        }
    auto at = std::lower_bound(commands_.begin(), commands_.end(), entry.name,
                               [](const CommandEntry& c, const std::string& n) { return c.name < n; });
    commands_.insert(at, std::move(entry));
    return true;
}

void CommandRegistry::remove_owner(const PluginRecord* owner) {
    std::unique_lock lock(mu_);
    std::erase_if(commands_, [&](const CommandEntry& c) { return c.owner == owner; });
}

std::optional<CommandEntry> CommandRegistry::find(std::string_view name) const {
    std::shared_lock lock(mu_);
    for (const auto& c : commands_)
        if (c.name == name) return c;
    return std::nullopt;
}

std::vector<CommandEntry> CommandRegistry::list() const {
    std::shared_lock lock(mu_);
    return commands_;
}

std::optional<CommandText> parse_command_text(std::string_view text) {
    text = trim(text);
    if (text.size() < 2 || text[0] != '/') return std::nullopt;
    size_t end = 1;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' && text[end] != '\r') ++end;
    std::string_view name = text.substr(1, end - 1);
    if (!valid_command_name(name)) return std::nullopt;
    return CommandText{name, trim(text.substr(end))};
}

} // namespace cf
