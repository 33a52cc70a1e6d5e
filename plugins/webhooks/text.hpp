// Small text helpers the webhooks code shares. Pure, header-only.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace webhooks {

// ASCII lowercase (host names, header names, media types).
inline std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Without ASCII white space (space, tab, CR, LF) at either end.
inline std::string_view trim(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

// An object's member, or nullptr (also when `v` is not an object).
inline const rapidjson::Value* member(const rapidjson::Value& v, const char* name) {
    if (!v.IsObject()) return nullptr;
    auto it = v.FindMember(name);
    return it == v.MemberEnd() ? nullptr : &it->value;
}

} // namespace webhooks
