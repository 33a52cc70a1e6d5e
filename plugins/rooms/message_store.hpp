// Messages in SQL and JSON, shared by the message routes: loading one, a page, the idempotency
// lookup by client_message_id, and the body rules.
#pragma once

#include <campfire/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rooms {

struct Message {
    int64_t id = 0;
    int64_t room_id = 0;
    int64_t creator_id = 0;
    std::string creator_name;
    std::string client_message_id;
    std::string body;
    std::string content_type;
    std::string created_at, updated_at;
};

std::optional<Message> load_message(cf_ctx* ctx, cf_db* db, int64_t room_id, int64_t message_id);
std::optional<Message> find_by_client_id(cf_ctx* ctx, cf_db* db, int64_t room_id, int64_t creator_id,
                                         std::string_view client_message_id);

enum class Page { latest, before, after };
// Up to 40 messages, ascending by id: the latest, the ones just older than `anchor`, or just newer.
std::vector<Message> load_page(cf_ctx* ctx, cf_db* db, int64_t room_id, Page page, int64_t anchor);

void write_message(cf::Json& j, const Message& m);
std::string message_json(const Message& m);
// {"id","room_id","client_message_id"}: what message.deleted carries.
std::string message_ref_json(const Message& m);

// Body rules: a string, not blank after trimming, at most 64 KiB. Returns the HTTP status of the
// problem (0 when fine) and sets `error`.
int check_body(const rapidjson::Value* body, std::string& error);
// content_type from a transform hook: short lowercase word.
bool valid_content_type(std::string_view t);

} // namespace rooms
