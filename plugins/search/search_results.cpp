// The search query and its JSON (see search_results.hpp).
//
// Scoping: the index is joined to `messages` (so rows of deleted messages never show) and to the
// user's `memberships` (any involvement, as Campfire's reachable_messages), so another room's
// message cannot appear whatever the query. The joins are CROSS JOINs to pin the FTS table as
// the outer loop: FTS5 hands rowids newest first and the scan stops at the 100th visible match.
//
// Messages are built from the `messages` row (plus plain_body when the column exists) and then
// passed through the message.present TRANSFORM hook, as every read path that returns messages
// does, so other plugins (boosts, ...) add their fields. The room's name is what the viewer sees
// in the sidebar: the stored name, or for a direct room the other members' names as a sentence
// ("Ann, Bob, and Cy"; your own name in a room with only yourself), as plugins/rooms names it.
#include "search_results.hpp"

#include "index_store.hpp"
#include "query_text.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <map>
#include <vector>

namespace search {
namespace {

struct RoomLabel {
    std::string type;
    std::string name;
};

struct Row {
    int64_t id = 0, room_id = 0, creator_id = 0;
    std::string creator_name, client_message_id, body, plain_body, content_type, created_at, updated_at;
};

std::string results_sql(cf_ctx* ctx, cf_db* db) {
    return std::string(
               "SELECT m.id, m.room_id, m.creator_id, coalesce(u.name, ''), m.client_message_id, m.body, coalesce(") +
           plain_body_column(ctx, db) +
           ", ''), m.content_type, m.created_at, m.updated_at, r.type, coalesce(r.name, '') "
           "FROM message_search_index "
           "CROSS JOIN messages AS m ON m.id = message_search_index.rowid "
           "CROSS JOIN memberships AS ms ON ms.room_id = m.room_id AND ms.user_id = ?2 "
           "CROSS JOIN rooms AS r ON r.id = m.room_id "
           "LEFT JOIN users AS u ON u.id = m.creator_id "
           "WHERE message_search_index MATCH ?1 "
           "ORDER BY message_search_index.rowid DESC LIMIT ?3";
}

// "Ann", "Ann and Bob", "Ann, Bob, and Cy".
std::string to_sentence(const std::vector<std::string>& names) {
    if (names.size() <= 1) return names.empty() ? std::string() : names[0];
    if (names.size() == 2) return names[0] + " and " + names[1];
    std::string out;
    for (size_t i = 0; i + 1 < names.size(); ++i) out += names[i] + ", ";
    return out + "and " + names.back();
}

std::optional<std::string> direct_room_name(cf_ctx* ctx, cf_db* db, int64_t room_id, int64_t viewer_id) {
    cf::Stmt s(ctx, db,
               "SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id "
               "WHERE m.room_id = ?1 ORDER BY lower(u.name), u.id");
    if (!s) return std::nullopt;
    s.bind(1, room_id);
    std::vector<std::string> others;
    std::string own;
    int rc;
    while ((rc = s.step()) == CF_ROW) {
        if (s.integer(0) == viewer_id) own = std::string(s.text(1));
        else others.emplace_back(s.text(1));
    }
    if (rc != CF_DONE) return std::nullopt;
    return others.empty() ? own : to_sentence(others);
}

void write_row(cf::Json& j, const Row& m) {
    j.obj([&] {
        j.key("id").num(m.id);
        j.key("room_id").num(m.room_id);
        j.key("creator").obj([&] { j.key("id").num(m.creator_id).key("name").str(m.creator_name); });
        j.key("creator_id").num(m.creator_id);
        j.key("client_message_id").str(m.client_message_id);
        j.key("body").str(m.body);
        j.key("plain_body").str(m.plain_body);
        j.key("content_type").str(m.content_type);
        j.key("created_at").str(m.created_at);
        j.key("updated_at").str(m.updated_at);
    });
}

// {"user_id":N,"messages":[…]} through message.present; the (possibly extended) messages array,
// or the original when no hook changed it or a hook returned something unusable.
void present(cf_ctx* ctx, const cf_user& user, std::string_view messages, rapidjson::Document& out) {
    cf::Json payload;
    payload.obj([&] { payload.key("user_id").num(user.id).key("messages").raw(messages); });
    auto presented = cf::run_hooks(ctx, "message.present", CF_PHASE_TRANSFORM, payload.text(), &user);
    if (presented.status == CF_OK && presented.payload) {
        rapidjson::Document doc;
        if (cf::parse_json(doc, *presented.payload) && doc.IsObject()) {
            auto it = doc.FindMember("messages");
            if (it != doc.MemberEnd() && it->value.IsArray()) {
                out.CopyFrom(it->value, out.GetAllocator());
                return;
            }
        }
    }
    cf::parse_json(out, messages);
}

} // namespace

std::optional<std::string> search_messages_json(cf_ctx* ctx, cf_db* db, const cf_user& user, std::string_view words) {
    std::string expr = match_expression(words);
    if (expr.empty()) return std::string("[]");

    std::vector<Row> rows;
    std::map<int64_t, RoomLabel> rooms;
    {
        cf::Stmt s(ctx, db, results_sql(ctx, db));
        if (!s) return std::nullopt;
        s.bind(1, std::string_view(expr)).bind(2, user.id).bind(3, kMaxResults);
        int rc;
        while ((rc = s.step()) == CF_ROW) {
            Row m;
            m.id = s.integer(0);
            m.room_id = s.integer(1);
            m.creator_id = s.integer(2);
            m.creator_name = std::string(s.text(3));
            m.client_message_id = std::string(s.text(4));
            m.body = std::string(s.text(5));
            m.plain_body = index_text(s.text(6), m.body);
            m.content_type = std::string(s.text(7));
            m.created_at = std::string(s.text(8));
            m.updated_at = std::string(s.text(9));
            rooms.try_emplace(m.room_id, RoomLabel{std::string(s.text(10)), std::string(s.text(11))});
            rows.push_back(std::move(m));
        }
        if (rc != CF_DONE) return std::nullopt;
    }
    std::reverse(rows.begin(), rows.end()); // newest 100, shown oldest first
    for (auto& [id, label] : rooms) {
        if (label.type != "direct") continue;
        auto name = direct_room_name(ctx, db, id, user.id);
        if (!name) return std::nullopt;
        label.name = std::move(*name);
    }

    cf::Json plain;
    plain.arr([&] {
        for (const Row& m : rows) write_row(plain, m);
    });
    rapidjson::Document messages;
    present(ctx, user, plain.text(), messages);
    if (!messages.IsArray()) return std::nullopt;

    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartArray();
    size_t index = 0;
    for (const auto& message : messages.GetArray()) {
        if (!message.IsObject()) continue;
        // The room by the message's room_id; by position if a presenter dropped the field.
        auto rid = message.FindMember("room_id");
        int64_t room_id = rid != message.MemberEnd() && rid->value.IsInt64() ? rid->value.GetInt64()
                          : index < rows.size()                               ? rows[index].room_id
                                                                              : 0;
        ++index;
        w.StartObject();
        for (const auto& field : message.GetObject()) {
            if (std::string_view(field.name.GetString(), field.name.GetStringLength()) == "room") continue;
            w.Key(field.name.GetString(), field.name.GetStringLength());
            field.value.Accept(w);
        }
        w.Key("room");
        w.StartObject();
        w.Key("id");
        w.Int64(room_id);
        auto label = rooms.find(room_id);
        const std::string empty;
        const std::string& name = label == rooms.end() ? empty : label->second.name;
        const std::string& type = label == rooms.end() ? empty : label->second.type;
        w.Key("name");
        w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
        w.Key("type");
        w.String(type.data(), static_cast<rapidjson::SizeType>(type.size()));
        w.EndObject();
        w.EndObject();
    }
    w.EndArray();
    return std::string(buf.GetString(), buf.GetSize());
}

} // namespace search
