// Keeping message_search_index in step with messages, inside the same transaction as the change
// (DESIGN.md §2: search never misses an acknowledged message). Mirrors Campfire's
// Message::Searchable (insert on create, update on edit, delete on destroy), fed by the rooms
// plugin's STORE hooks with the stored message JSON:
//  - message.create / message.update STORE: (re)index plain_body, or the body without its tags
//    when plain_body is absent or empty;
//  - message.delete STORE: drop the row;
//  - room.delete STORE: drop the rows of the room's messages before they go;
//  - message.deleted NOTIFY: a message removed without message.delete (e.g. a ban's clean-up)
//    has its row dropped by a follow-up write, if the message is really gone.
// Anything missed while the plugin was disabled is caught up on re-enable (catch_up.hpp); search
// results are joined to `messages`, so a row left behind never shows.
#include "hook_payload.hpp"
#include "index_store.hpp"
#include "parts.hpp"
#include "query_text.hpp"

#include <campfire/plugin.hpp>

#include <optional>
#include <string>

namespace search {
namespace {

int message_stored(cf::HookCall& call);
int message_deleting(cf::HookCall& call);
int room_deleting(cf::HookCall& call);
int message_deleted(cf::HookCall& call);

struct HookDef {
    const char* event;
    int phase;
    int (*fn)(cf::HookCall&);
};

constexpr HookDef kHooks[] = {
    {"message.create", CF_PHASE_STORE, message_stored},
    {"message.update", CF_PHASE_STORE, message_stored},
    {"message.delete", CF_PHASE_STORE, message_deleting},
    {"room.delete", CF_PHASE_STORE, room_deleting},
    {"message.deleted", CF_PHASE_NOTIFY, message_deleted},
};

std::string_view string_or_empty(const rapidjson::Value* v) {
    if (!v || !v->IsString()) return {};
    return {v->GetString(), v->GetStringLength()};
}

int message_stored(cf::HookCall& call) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, call.payload()) || !call.db()) return CF_ERR_ARG;
    auto id = nested_id(doc, "message");
    if (!id) return CF_ERR_ARG;
    const rapidjson::Value& message = *member(doc, "message");
    std::string text = index_text(string_or_empty(member(message, "plain_body")), string_or_empty(member(message, "body")));
    return index_message(call.ctx(), call.db(), *id, text);
}

int message_deleting(cf::HookCall& call) {
    auto id = nested_id(call.payload(), "message");
    if (!id || !call.db()) return CF_ERR_ARG;
    return unindex_message(call.ctx(), call.db(), *id);
}

int room_deleting(cf::HookCall& call) {
    auto id = nested_id(call.payload(), "room");
    if (!id || !call.db()) return CF_ERR_ARG;
    cf::Stmt del(call.ctx(), call.db(),
                 "DELETE FROM message_search_index WHERE rowid IN (SELECT id FROM messages WHERE room_id = ?1)");
    return del.bind(1, *id).exec();
}

// Notify thread: look first (cheap, and usually the STORE hook already dropped the row), then
// write only when an orphan is really there. The write re-checks: the id may be reused meanwhile.
int message_deleted(cf::HookCall& call) {
    cf_ctx* ctx = call.ctx();
    rapidjson::Document doc;
    if (!cf::parse_json(doc, call.payload())) return CF_OK;
    auto id = positive_id(member(doc, "id"));
    cf_db* db = cf_db_reader(ctx);
    if (!id || !db) return CF_OK;
    constexpr const char* kOrphan =
        "SELECT 1 FROM message_search_index WHERE rowid = ?1 AND NOT EXISTS (SELECT 1 FROM messages WHERE id = ?1)";
    {
        cf::Stmt s(ctx, db, kOrphan);
        if (!s.bind(1, *id).row()) return CF_OK;
    }
    const int64_t message_id = *id;
    cf::write(
        ctx,
        [ctx, message_id](cf_db* txn) -> int {
            cf::Stmt del(ctx, txn,
                         "DELETE FROM message_search_index WHERE rowid = ?1 "
                         "AND NOT EXISTS (SELECT 1 FROM messages WHERE id = ?1)");
            return del.bind(1, message_id).exec();
        },
        [](int) {}); // a failure leaves an orphan the joins hide and the next catch-up removes
    return CF_OK;
}

} // namespace

int register_index_hooks(cf_ctx* ctx) {
    for (const auto& h : kHooks) {
        if (int rc = cf::hook(ctx, h.event, h.phase, h.fn); rc != CF_OK) return rc;
    }
    return CF_OK;
}

} // namespace search
