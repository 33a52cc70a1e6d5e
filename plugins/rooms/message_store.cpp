// SQL and JSON for messages (see message_store.hpp). Mirrors Campfire's Message model and its
// pagination (Message::Pagination, PAGE_SIZE 40, ordered by id), its permalink page (40 before
// and after) and Rooms::RefreshesController (created and updated since a time).
#include "message_store.hpp"

#include "input.hpp"
#include "rich_text/emoji.hpp"

#include <algorithm>
#include <set>

namespace rooms {
namespace {

// Columns 0-9 the message, 10 its mentionees (comma-separated), 11-13 its attachment (or NULLs).
// The attachment's bytes are never read here.
#define MESSAGE_SELECT                                                                              \
    "SELECT m.id, m.room_id, m.creator_id, coalesce(u.name, ''), m.client_message_id, m.body, "     \
    "m.content_type, m.created_at, m.updated_at, m.plain_body, "                                    \
    "(SELECT group_concat(user_id) FROM mentions WHERE message_id = m.id), "                        \
    "a.filename, a.content_type, a.byte_size "                                                      \
    "FROM messages m LEFT JOIN users u ON u.id = m.creator_id "                                     \
    "LEFT JOIN attachments a ON a.message_id = m.id "

std::vector<int64_t> ids_from_list(std::string_view list) {
    std::vector<int64_t> ids;
    while (!list.empty()) {
        size_t comma = list.find(',');
        if (auto id = cf::to_int(list.substr(0, comma))) ids.push_back(*id);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

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
    m.plain_body = std::string(s.text(9));
    if (!s.is_null(10)) m.mentionee_ids = ids_from_list(s.text(10));
    if (!s.is_null(11)) m.attachment = AttachmentInfo{std::string(s.text(11)), std::string(s.text(12)), s.integer(13)};
    return m;
}

std::vector<Message> read_all(cf::Stmt& s) {
    std::vector<Message> out;
    while (s.row()) out.push_back(read_row(s));
    return out;
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
    std::vector<Message> out = read_all(s);
    if (page != Page::after) std::reverse(out.begin(), out.end());
    return out;
}

std::vector<Message> load_around(cf_ctx* ctx, cf_db* db, int64_t room_id, int64_t message_id) {
    auto target = load_message(ctx, db, room_id, message_id);
    if (!target) return {};
    std::vector<Message> out = load_page(ctx, db, room_id, Page::before, message_id);
    out.push_back(std::move(*target));
    for (auto& m : load_page(ctx, db, room_id, Page::after, message_id)) out.push_back(std::move(m));
    return out;
}

Changes load_changes_since(cf_ctx* ctx, cf_db* db, int64_t room_id, std::string_view since) {
    Changes out;
    cf::Stmt created(ctx, db,
                     MESSAGE_SELECT "WHERE m.room_id = ?1 AND m.created_at > ?2 ORDER BY m.created_at, m.id LIMIT ?3");
    created.bind(1, room_id).bind(2, since).bind(3, kPageSize);
    out.created = read_all(created);
    std::set<int64_t> fresh;
    for (const auto& m : out.created) fresh.insert(m.id);
    // Newest first, enough rows to still have 40 after dropping the created ones.
    cf::Stmt updated(ctx, db,
                     MESSAGE_SELECT "WHERE m.room_id = ?1 AND m.updated_at > ?2 "
                                    "ORDER BY m.updated_at DESC, m.id DESC LIMIT ?3");
    updated.bind(1, room_id).bind(2, since).bind(3, static_cast<int64_t>(kPageSize + fresh.size()));
    for (auto& m : read_all(updated)) {
        if (fresh.count(m.id) || out.updated.size() == static_cast<size_t>(kPageSize)) continue;
        out.updated.push_back(std::move(m));
    }
    std::reverse(out.updated.begin(), out.updated.end());
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
        j.key("plain_body").str(m.plain_body);
        j.key("content_type").str(m.content_type);
        j.key("mentionee_ids").arr([&] {
            for (int64_t id : m.mentionee_ids) j.num(id);
        });
        j.key("emoji_only").boolean(m.content_type == "text" && rich_text::emoji_only(m.plain_body));
        j.key("attachment");
        if (m.attachment) {
            j.obj([&] {
                j.key("filename").str(m.attachment->filename);
                j.key("content_type").str(m.attachment->content_type);
                j.key("byte_size").num(m.attachment->byte_size);
                j.key("url").str("/rooms/" + std::to_string(m.room_id) + "/messages/" + std::to_string(m.id) +
                                 "/attachment");
            });
        } else {
            j.null();
        }
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
