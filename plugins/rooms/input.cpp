// Input parsing shared by the room and message routes (see input.hpp).
#include "input.hpp"

#include <campfire/plugin.hpp>

#include <algorithm>
#include <random>

namespace rooms {

std::optional<int64_t> id_from(std::string_view s) {
    auto v = cf::to_int(s);
    if (!v || *v <= 0) return std::nullopt;
    return v;
}

std::optional<int64_t> id_from(const rapidjson::Value& v) {
    if (v.IsInt64()) {
        int64_t n = v.GetInt64();
        return n > 0 ? std::optional<int64_t>(n) : std::nullopt;
    }
    if (v.IsString()) return id_from(std::string_view(v.GetString(), v.GetStringLength()));
    return std::nullopt;
}

std::optional<std::vector<int64_t>> ids_from(const rapidjson::Value& v, std::string& error) {
    std::vector<int64_t> ids;
    auto add = [&](const rapidjson::Value& item) {
        auto id = id_from(item);
        if (!id) return false;
        ids.push_back(*id);
        return true;
    };
    if (v.IsArray()) {
        if (v.Size() > kMaxUserIds) {
            error = "too many user_ids (at most 1000)";
            return std::nullopt;
        }
        for (const auto& item : v.GetArray()) {
            // Form bodies may carry an empty hidden `user_ids[]=`: skip it like Rails does.
            if (item.IsString() && item.GetStringLength() == 0) continue;
            if (!add(item)) {
                error = "user_ids must be positive integer ids";
                return std::nullopt;
            }
        }
    } else if (!add(v)) {
        error = "user_ids must be a list of user ids";
        return std::nullopt;
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

const rapidjson::Value* member(const rapidjson::Value& obj, const char* name) {
    if (!obj.IsObject()) return nullptr;
    auto it = obj.FindMember(name);
    return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::string_view trim(std::string_view s) {
    // ASCII whitespace plus NBSP (U+00A0) and the common Unicode spaces editors insert.
    static constexpr std::string_view kUnicodeSpaces[] = {"\xC2\xA0", "\xE2\x80\x8B", "\xE3\x80\x80", "\xEF\xBB\xBF"};
    bool changed = true;
    while (changed && !s.empty()) {
        changed = false;
        while (!s.empty() && std::string_view(" \t\r\n\f\v").find(s.front()) != std::string_view::npos) {
            s.remove_prefix(1);
            changed = true;
        }
        while (!s.empty() && std::string_view(" \t\r\n\f\v").find(s.back()) != std::string_view::npos) {
            s.remove_suffix(1);
            changed = true;
        }
        for (auto sp : kUnicodeSpaces) {
            if (s.starts_with(sp)) { s.remove_prefix(sp.size()); changed = true; }
            if (s.ends_with(sp)) { s.remove_suffix(sp.size()); changed = true; }
        }
    }
    return s;
}

bool has_control_chars(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

std::optional<std::string> room_name_from(const rapidjson::Value& body, std::string& error) {
    const rapidjson::Value* room = member(body, "room");
    if (!room) return std::nullopt;
    if (!room->IsObject()) {
        error = "room must be an object";
        return std::nullopt;
    }
    const rapidjson::Value* name = member(*room, "name");
    if (!name || name->IsNull()) return std::nullopt;
    if (!name->IsString()) {
        error = "room name must be a string";
        return std::nullopt;
    }
    std::string_view n = trim(std::string_view(name->GetString(), name->GetStringLength()));
    if (n.empty()) {
        error = "room name can't be blank";
        return std::nullopt;
    }
    if (n.size() > kMaxRoomNameBytes) {
        error = "room name is too long (at most 255 bytes)";
        return std::nullopt;
    }
    if (has_control_chars(n)) {
        error = "room name must not contain control characters";
        return std::nullopt;
    }
    return std::string(n);
}

std::string random_uuid() {
    thread_local std::mt19937_64 rng{[] {
        std::random_device rd;
        std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
        return std::mt19937_64(seq);
    }()};
    uint64_t hi = rng(), lo = rng();
    hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL; // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL; // variant 10
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
        uint64_t word = i < 16 ? hi : lo;
        int shift = (15 - (i % 16)) * 4;
        out.push_back(kHex[(word >> shift) & 0xF]);
    }
    return out;
}

} // namespace rooms
