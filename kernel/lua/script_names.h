// A script's name: its file's stem (or its folder's name), [a-z0-9_], 1 to 64 characters.
#pragma once

#include <string_view>

namespace cf::lua {

inline bool valid_script_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

} // namespace cf::lua
