// Preparing and storing message bodies (see message_body.hpp).
#include "message_body.hpp"

#include "rich_text/plain_text.hpp"

namespace rooms {

int prepare_body(cf_ctx* ctx, cf_db* db, std::string_view raw, rich_text::Input input, Body& out, std::string& error) {
    if (!rich_text::within_markup_limits(raw)) {
        error = "message body has too much markup (at most 2048 tags, 32 attributes each)";
        return 422;
    }
    rich_text::NameLookup names = [ctx, db](int64_t user_id) -> std::optional<std::string> {
        cf::Stmt s(ctx, db, "SELECT name FROM users WHERE id = ?1");
        s.bind(1, user_id);
        if (!s.row()) return std::nullopt;
        return std::string(s.text(0));
    };
    rich_text::Sanitized clean = rich_text::sanitize(raw, input, names);
    if (rich_text::PlainText::trimmed(clean.plain).empty() && !clean.has_attachment) {
        error = "message body can't be blank";
        return 422;
    }
    out.html = std::move(clean.html);
    out.plain = std::move(clean.plain);
    out.mentioned = std::move(clean.mentioned);
    return 0;
}

int store_mentions(cf_ctx* ctx, cf_db* txn, int64_t message_id, int64_t room_id, const std::vector<int64_t>& mentioned) {
    cf::Stmt clear(ctx, txn, "DELETE FROM mentions WHERE message_id = ?1");
    if (int rc = clear.bind(1, message_id).exec(); rc != CF_OK) return rc;
    if (mentioned.empty()) return CF_OK;
    cf::Json ids;
    ids.arr([&] {
        for (int64_t id : mentioned) ids.num(id);
    });
    cf::Stmt add(ctx, txn,
                 "INSERT INTO mentions(message_id, user_id) SELECT ?1, user_id FROM memberships "
                 "WHERE room_id = ?2 AND user_id IN (SELECT value FROM json_each(?3))");
    return add.bind(1, message_id).bind(2, room_id).bind(3, ids.text()).exec();
}

} // namespace rooms
