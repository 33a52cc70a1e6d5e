// SQL and JSON for messages (see message_store.hpp). Mirrors Campfire's Message model and its
// pagination (Message::Pagination, PAGE_SIZE 40, ordered by id).
#include "message_store.hpp"

#include "input.hpp"

#include <algorithm>

namespace rooms {
namespace {

#define MESSAGE_SELECT                                                                              \
    "SELECT m.id, m.room_id, m.creator_id, coalesce(u.name, ''), m.client_message_id, m.body, "     \
    "m.content_type, m.created_at, m.updated_at FROM messages m LEFT JOIN users u ON u.id = m.creator_id "

Message read_row(cf::Stmt& s) {
    Message m;
    m.id = s.integer(0);
    m.room_id = s.integer(1);
    m.creator_id = s.integer(2);
    m.creator_name = std::string(s.text(3));
    m.client_message_id = std::string(s.text(4));
    m.body = std::string(s.text(5));
    m.content_type = std::string(s.text(6));
    m.created_at = std::string(s.text(7));
    m.updated_at = std::string(s.text(8));
    return m;
}

} // namespace

std::optional<Message> load_message(cf_ctx* ctx, cf_db* db, int64_t room_id, int64_t message_id) {
    cf::Stmt s(ctx, db, MESSAGE_SELECT "WHERE m.id = ?1 AND m.room_id = ?2");
    s.bind(1, message_id).bind(2, room_id);
    if (!s.row()) return std::nullopt;
    return read_row(s);
}

std::optional<Message> find_by_client_id(cf_ctx* ctx, cf_db* db, int64_t room_id, int64_t creator_id,
                                         std::string_view client_message_id) {
    cf::Stmt s(ctx, db, MESSAGE_SELECT "WHERE m.room_id = ?1 AND m.creator_id = ?2 AND m.client_message_id = ?3");
    s.bind(1, room_id).bind(2, creator_id).bind(3, client_message_id);
    if (!s.row()) return std::nullopt;
    return read_row(s);
}

std::vector<Message> load_page(cf_ctx* ctx, cf_db* db, int64_t room_id, Page page, int64_t anchor) {
    // The (room_id, id) index serves all three: a range scan in one direction, LIMIT 40.
    const char* sql = nullptr;
    switch (page) {
    case Page::latest: sql = MESSAGE_SELECT "WHERE m.room_id = ?1 ORDER BY m.id DESC LIMIT ?3"; break;
    case Page::before: sql = MESSAGE_SELECT "WHERE m.room_id = ?1 AND m.id < ?2 ORDER BY m.id DESC LIMIT ?3"; break;
    case Page::after: sql = MESSAGE_SELECT "WHERE m.room_id = ?1 AND m.id > ?2 ORDER BY m.id ASC LIMIT ?3"; break;
    }
    cf::Stmt s(ctx, db, sql);
    s.bind(1, room_id).bind(3, kPageSize);
    if (page != Page::latest) s.bind(2, anchor);
    std::vector<Message> out;
    while (s.row()) out.push_back(read_row(s));
    if (page != Page::after) std::reverse(out.begin(), out.end());
    return out;
}

#undef MESSAGE_SELECT

void write_message(cf::Json& j, const Message& m) {
    j.obj([&] {
        j.key("id").num(m.id);
        j.key("room_id").num(m.room_id);
        j.key("creator").obj([&] { j.key("id").num(m.creator_id).key("name").str(m.creator_name); });
        j.key("creator_id").num(m.creator_id);
        j.key("client_message_id").str(m.client_message_id);
        j.key("body").str(m.body);
        j.key("content_type").str(m.content_type);
        j.key("created_at").str(m.created_at);
        j.key("updated_at").str(m.updated_at);
    });
}

std::string message_json(const Message& m) {
    cf::Json j;
    write_message(j, m);
    return std::string(j.text());
}

std::string message_ref_json(const Message& m) {
    cf::Json j;
    j.obj([&] {
        j.key("id").num(m.id).key("room_id").num(m.room_id).key("client_message_id").str(m.client_message_id);
    });
    return std::string(j.text());
}

int check_body(const rapidjson::Value* body, std::string& error) {
    if (!body || body->IsNull()) {
        error = "message body can't be blank";
        return 422;
    }
    if (!body->IsString()) {
        error = "message body must be a string";
        return 400;
    }
    std::string_view text(body->GetString(), body->GetStringLength());
    if (text.size() > kMaxBodyBytes) {
        error = "message body is too long (at most 65536 bytes)";
        return 422;
    }
    if (trim(text).empty()) {
        error = "message body can't be blank";
        return 422;
    }
    return 0;
}

bool valid_content_type(std::string_view t) {
    return !t.empty() && t.size() <= 32 &&
           std::all_of(t.begin(), t.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

} // namespace rooms
