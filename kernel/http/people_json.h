// How the kernel's routes show people and read their fields from JSON bodies.
#pragma once

#include <campfire/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cf {

const char* role_name(int role);     // member, administrator, bot
const char* status_name(int status); // active, deactivated, banned

// The object under `key` in a parsed body ({"user":{...}}), or nullptr.
const rapidjson::Value* body_object(const rapidjson::Document& doc, const char* key);
// A string member of `obj`: nullopt when absent or null, "" plus *wrong_type when not a string.
std::optional<std::string> string_member(const rapidjson::Value* obj, const char* name, bool* wrong_type);

bool has_control_chars(std::string_view s, bool allow_newlines);
size_t count_code_points(std::string_view utf8);
bool looks_like_email(std::string_view email);

} // namespace cf
