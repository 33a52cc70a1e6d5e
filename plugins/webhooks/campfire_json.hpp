// The bot API's JSON, in Campfire's shapes (CAMPFIRE.md §4, messages/_message.json.jbuilder and
// messages/boosts/_boost.json.jbuilder), built from the rooms and boosts plugins' own JSON:
//   message: {"id","created_at","body":{"plain_text","html"},
//             "creator":{"id","name","role","avatar_url"},"room":{"id"},"url"}
//   boost:   {"id","content","created_at","booster":{"id","name","role","avatar_url"},
//             "message":{"id","url"}}
// URLs are absolute when CF_PUBLIC_URL is set (base), else paths. Pure code, unit-tested.
#pragma once

#include <campfire/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace webhooks {

// "member", "administrator" or "bot" for a user id.
using RoleOf = std::function<std::string(int64_t)>;

std::string avatar_url(std::string_view base, int64_t user_id);
std::string message_url(std::string_view base, int64_t room_id, int64_t message_id);

// False (and nothing written) when `m` is not a message object with an id, a room and a creator.
bool write_bot_message(cf::Json& j, const rapidjson::Value& m, const RoleOf& role_of, std::string_view base);
bool write_bot_boost(cf::Json& j, const rapidjson::Value& boost, int64_t room_id, int64_t message_id,
                     const RoleOf& role_of, std::string_view base);

} // namespace webhooks
