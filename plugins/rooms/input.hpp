// Parsing hostile request input: ids that arrive as numbers or numeric strings (form bodies),
// id lists, and short user-facing strings. Everything returns "absent" or an error text rather
// than throwing, so a handler can answer with a clear 4xx.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rooms {

inline constexpr size_t kMaxBodyBytes = 64 * 1024;
inline constexpr size_t kMaxClientMessageIdBytes = 64;
inline constexpr size_t kMaxRoomNameBytes = 255;
inline constexpr size_t kMaxUserIds = 1000;
inline constexpr int kPageSize = 40; // Campfire's Message::Pagination PAGE_SIZE

// A positive integer id, given as a JSON number or a numeric string ("12").
std::optional<int64_t> id_from(const rapidjson::Value& v);
std::optional<int64_t> id_from(std::string_view s);

// An id list: an array of ids, or a single id. Sorted, duplicates removed.
// Returns nullopt (and sets `error`) when any element is not an id or there are too many.
std::optional<std::vector<int64_t>> ids_from(const rapidjson::Value& v, std::string& error);

// The object member `name` of `obj` if obj is an object and has it, else nullptr.
const rapidjson::Value* member(const rapidjson::Value& obj, const char* name);

std::string_view trim(std::string_view s);
bool has_control_chars(std::string_view s);

// A room name from `room[name]`: nullopt = absent. Sets `error` when present but invalid.
std::optional<std::string> room_name_from(const rapidjson::Value& body, std::string& error);

// A random RFC 4122 version 4 UUID, for messages posted without a client_message_id.
std::string random_uuid();

} // namespace rooms
