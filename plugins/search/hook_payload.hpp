// Reading the hook payloads other parts of the server send us ({"message":{…}}, {"room":{…}},
// {"user":{…}}): trusted JSON, still read defensively, never throwing.
#pragma once

#include <campfire/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace search {

// The member `name` of `obj` if obj is an object and has it, else nullptr.
inline const rapidjson::Value* member(const rapidjson::Value& obj, const char* name) {
    if (!obj.IsObject()) return nullptr;
    auto it = obj.FindMember(name);
    return it == obj.MemberEnd() ? nullptr : &it->value;
}

inline std::optional<int64_t> positive_id(const rapidjson::Value* v) {
    if (!v || !v->IsInt64() || v->GetInt64() <= 0) return std::nullopt;
    return v->GetInt64();
}

// payload.<object>.id, e.g. the message's id in {"room":{…},"message":{"id":7,…}}.
inline std::optional<int64_t> nested_id(const rapidjson::Value& payload, const char* object) {
    const rapidjson::Value* o = member(payload, object);
    return o ? positive_id(member(*o, "id")) : std::nullopt;
}

inline std::optional<int64_t> nested_id(std::string_view payload, const char* object) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, payload)) return std::nullopt;
    return nested_id(doc, object);
}

} // namespace search
