// Messages in SQL and JSON, shared by the message routes: loading one, a page, a permalink's
// surroundings, what changed since a time, the idempotency lookup by client_message_id, and the
// body rules.
#pragma once

#include <campfire/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rooms {

struct AttachmentInfo {
    std::string filename;
    std::string content_type;
    int64_t byte_size = 0;
};

struct Message {
    int64_t id = 0;
    int64_t room_id = 0;
    int64_t creator_id = 0;
    std::string creator_name;
    std::string client_message_id;
    std::string body;       // sanitised HTML ("" for attachments)
    std::string plain_body; // plain text; the filename for attachments
    std::string content_type;
    std::vector<int64_t> mentionee_ids; // ascending
    std::optional<AttachmentInfo> attachment;
    std::string created_at, updated_at;
};

std::optional<Message> load_message(cf_ctx* ctx, cf_db* db, int64_t room_id, int64_t message_id);
std::optional<Message> find_by_client_id(cf_ctx* ctx, cf_db* db, int64_t room_id, int64_t creator_id,
                                         std::string_view client_message_id);

enum class Page { latest, before, after };
// Up to 40 messages, ascending by id: the latest, the ones just older than `anchor`, or just newer.
std::vector<Message> load_page(cf_ctx* ctx, cf_db* db, int64_t room_id, Page page, int64_t anchor);
// A permalink's page: 40 before, the message, 40 after, ascending. Empty when the message is
// not in the room.
std::vector<Message> load_around(cf_ctx* ctx, cf_db* db, int64_t room_id, int64_t message_id);
// Campfire's refresh: the first 40 created after `since` (ISO time), and the last 40 updated
// after it that are not among those.
struct Changes {
    std::vector<Message> created, updated;
};
Changes load_changes_since(cf_ctx* ctx, cf_db* db, int64_t room_id, std::string_view since);

void write_message(cf::Json& j, const Message& m);
std::string message_json(const Message& m);
// {"id","room_id","client_message_id"}: what message.deleted carries.
std::string message_ref_json(const Message& m);

// Raw body rules: a string, not blank after trimming, at most 64 KiB. Returns the HTTP status of
// the problem (0 when fine) and sets `error`.
int check_body(const rapidjson::Value* body, std::string& error);
// content_type from a transform hook: short lowercase word.
bool valid_content_type(std::string_view t);

} // namespace rooms
