#include "campfire_json.hpp"

#include "text.hpp"

#include <optional>

namespace webhooks {
namespace {

std::optional<int64_t> int_member(const rapidjson::Value& v, const char* name) {
    const rapidjson::Value* m = member(v, name);
    if (!m || !m->IsInt64()) return std::nullopt;
    return m->GetInt64();
}

std::string_view string_member(const rapidjson::Value& v, const char* name) {
    const rapidjson::Value* m = member(v, name);
    if (!m || !m->IsString()) return {};
    return {m->GetString(), m->GetStringLength()};
}

void write_person(cf::Json& j, int64_t id, std::string_view name, const RoleOf& role_of, std::string_view base) {
    j.obj([&] {
        j.key("id").num(id).key("name").str(name).key("role").str(role_of(id));
        j.key("avatar_url").str(avatar_url(base, id));
    });
}

} // namespace

std::string avatar_url(std::string_view base, int64_t user_id) {
    return std::string(base) + "/users/" + std::to_string(user_id) + "/avatar";
}

std::string message_url(std::string_view base, int64_t room_id, int64_t message_id) {
    return std::string(base) + "/rooms/" + std::to_string(room_id) + "/messages/" + std::to_string(message_id);
}

bool write_bot_message(cf::Json& j, const rapidjson::Value& m, const RoleOf& role_of, std::string_view base) {
    auto id = int_member(m, "id");
    auto room_id = int_member(m, "room_id");
    const rapidjson::Value* creator = member(m, "creator");
    auto creator_id = creator ? int_member(*creator, "id") : std::nullopt;
    if (!creator_id) creator_id = int_member(m, "creator_id");
    if (!id || !room_id || !creator_id) return false;
    std::string_view html = string_member(m, "body");
    const rapidjson::Value* plain = member(m, "plain_body");
    std::string_view plain_text = plain && plain->IsString() ? std::string_view(plain->GetString(), plain->GetStringLength()) : html;
    j.obj([&] {
        j.key("id").num(*id).key("created_at").str(string_member(m, "created_at"));
        j.key("body").obj([&] { j.key("plain_text").str(plain_text).key("html").str(html); });
        j.key("creator");
        write_person(j, *creator_id, creator ? string_member(*creator, "name") : std::string_view(), role_of, base);
        j.key("room").obj([&] { j.key("id").num(*room_id); });
        j.key("url").str(message_url(base, *room_id, *id));
    });
    return true;
}

bool write_bot_boost(cf::Json& j, const rapidjson::Value& boost, int64_t room_id, int64_t message_id,
                     const RoleOf& role_of, std::string_view base) {
    auto id = int_member(boost, "id");
    const rapidjson::Value* booster = member(boost, "booster");
    auto booster_id = booster ? int_member(*booster, "id") : std::nullopt;
    if (!booster_id) booster_id = int_member(boost, "booster_id");
    if (!id || !booster_id) return false;
    j.obj([&] {
        j.key("id").num(*id).key("content").str(string_member(boost, "content"));
        j.key("created_at").str(string_member(boost, "created_at"));
        j.key("booster");
        write_person(j, *booster_id, booster ? string_member(*booster, "name") : std::string_view(), role_of, base);
        j.key("message").obj([&] { j.key("id").num(message_id).key("url").str(message_url(base, room_id, message_id)); });
    });
    return true;
}

} // namespace webhooks
