#include "kernel/http/people_json.h"

namespace cf {

const char* role_name(int role) { return role == 1 ? "administrator" : role == 2 ? "bot" : "member"; }
const char* status_name(int status) { return status == 1 ? "deactivated" : status == 2 ? "banned" : "active"; }

const rapidjson::Value* body_object(const rapidjson::Document& doc, const char* key) {
    if (!doc.IsObject() || !doc.HasMember(key) || !doc[key].IsObject()) return nullptr;
    return &doc[key];
}

std::optional<std::string> string_member(const rapidjson::Value* obj, const char* name, bool* wrong_type) {
    if (!obj || !obj->HasMember(name) || (*obj)[name].IsNull()) return std::nullopt;
    const rapidjson::Value& v = (*obj)[name];
    if (!v.IsString()) {
        *wrong_type = true;
        return std::string();
    }
    return std::string(v.GetString(), v.GetStringLength());
}

bool has_control_chars(std::string_view s, bool allow_newlines) {
    for (unsigned char c : s) {
        if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) continue;
        if (c < 0x20 || c == 0x7f) return true;
    }
    return false;
}

size_t count_code_points(std::string_view utf8) {
    size_t n = 0;
    for (unsigned char c : utf8)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

bool looks_like_email(std::string_view e) {
    size_t at = e.find('@');
    return e.size() >= 3 && e.size() <= 254 && at != std::string_view::npos && at != 0 && at + 1 < e.size() &&
           e.find('@', at + 1) == std::string_view::npos && e.find(' ') == std::string_view::npos &&
           !has_control_chars(e, false);
}

} // namespace cf
