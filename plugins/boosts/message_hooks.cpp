// Boosts and the rooms plugin's messages (Campfire: Message has_many :boosts, dependent: :destroy;
// boosts render under their message).
//  - message.present TRANSFORM {"user_id","messages":[…]}: adds "boosts":[boost JSON…] to every
//    message, in one query for the whole page. The rooms plugin has already checked that the
//    reader may see these messages.
//  - message.delete, room.delete, user.banned STORE: delete the boosts of the messages that go, in
//    the same transaction (our hooks run before the rows are deleted; the ban hook also removes
//    boosts already orphaned, so it does not depend on running before the rooms plugin's).
//  - sweep_orphans: while this plugin is disabled its hooks are skipped, so messages deleted then
//    leave boosts behind; they are removed at boot and whenever the plugin is switched back on.
#include "message_hooks.hpp"

#include "boost_store.hpp"

#include <campfire/plugin.hpp>

#include <unordered_map>

namespace boosts {
namespace {

using rapidjson::Value;

const Value* member(const Value& obj, const char* name) {
    if (!obj.IsObject()) return nullptr;
    auto it = obj.FindMember(name);
    return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::optional<int64_t> int_member(const Value& obj, const char* name) {
    const Value* v = member(obj, name);
    if (!v || !v->IsInt64() || v->GetInt64() <= 0) return std::nullopt;
    return v->GetInt64();
}

Value boost_value(const Boost& b, rapidjson::Document::AllocatorType& a) {
    Value booster(rapidjson::kObjectType);
    booster.AddMember("id", b.booster_id, a);
    booster.AddMember("name", Value(b.booster_name.c_str(), static_cast<rapidjson::SizeType>(b.booster_name.size()), a), a);
    Value v(rapidjson::kObjectType);
    v.AddMember("id", b.id, a);
    v.AddMember("message_id", b.message_id, a);
    v.AddMember("content", Value(b.content.c_str(), static_cast<rapidjson::SizeType>(b.content.size()), a), a);
    v.AddMember("booster", booster, a);
    v.AddMember("created_at", Value(b.created_at.c_str(), static_cast<rapidjson::SizeType>(b.created_at.size()), a), a);
    return v;
}

int present(cf::HookCall& call) {
    cf_ctx* ctx = call.ctx();
    rapidjson::Document doc;
    if (!cf::parse_json(doc, call.payload()) || !doc.IsObject()) return CF_OK; // not ours to judge
    auto messages = doc.FindMember("messages");
    if (messages == doc.MemberEnd() || !messages->value.IsArray() || messages->value.Empty()) return CF_OK;

    std::vector<int64_t> ids;
    for (const Value& m : messages->value.GetArray())
        if (auto id = int_member(m, "id")) ids.push_back(*id);
    cf_db* db = cf_db_reader(ctx);
    if (!db) return CF_ERR;
    auto& alloc = doc.GetAllocator();
    std::unordered_map<int64_t, Value> by_message;
    for (const Boost& b : load_boosts_of(ctx, db, ids)) {
        auto [it, added] = by_message.try_emplace(b.message_id, rapidjson::kArrayType);
        it->second.PushBack(boost_value(b, alloc), alloc);
    }
    for (Value& m : messages->value.GetArray()) {
        if (!m.IsObject()) continue;
        auto id = int_member(m, "id");
        if (!id) continue;
        m.RemoveMember("boosts");
        auto found = by_message.find(*id);
        Value list = found == by_message.end() ? Value(rapidjson::kArrayType) : std::move(found->second);
        m.AddMember("boosts", list, alloc);
    }
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> w(out);
    doc.Accept(w);
    return call.set_payload({out.GetString(), out.GetSize()});
}

// Runs `sql` with ?1 bound to the id found at payload[outer][inner]; a payload without it is left
// alone (CF_OK), a failed statement fails the transaction.
int delete_with(cf::HookCall& call, const char* outer, const char* inner, const char* sql) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, call.payload())) return CF_OK;
    const Value* obj = member(doc, outer);
    auto id = obj ? int_member(*obj, inner) : std::nullopt;
    if (!id) return CF_OK;
    cf::Stmt s(call.ctx(), call.db(), sql);
    return s.bind(1, *id).exec();
}

int on_message_delete(cf::HookCall& call) {
    return delete_with(call, "message", "id", "DELETE FROM boosts WHERE message_id = ?1");
}

int on_room_delete(cf::HookCall& call) {
    return delete_with(call, "room", "id",
                       "DELETE FROM boosts WHERE message_id IN (SELECT id FROM messages WHERE room_id = ?1)");
}

constexpr const char* kOrphans =
    "NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = boosts.message_id AND m.created_at = boosts.message_created_at)";

int on_user_banned(cf::HookCall& call) {
    static const std::string sql =
        std::string("DELETE FROM boosts WHERE message_id IN (SELECT id FROM messages WHERE creator_id = ?1) OR ") + kOrphans;
    return delete_with(call, "user", "id", sql.c_str());
}

struct HookDef {
    const char* event;
    int phase;
    int (*fn)(cf::HookCall&);
};

constexpr HookDef kHooks[] = {
    {"message.present", CF_PHASE_TRANSFORM, present},
    {"message.delete", CF_PHASE_STORE, on_message_delete},
    {"room.delete", CF_PHASE_STORE, on_room_delete},
    {"user.banned", CF_PHASE_STORE, on_user_banned},
};

} // namespace

int register_message_hooks(cf_ctx* ctx) {
    for (const HookDef& h : kHooks)
        if (int rc = cf::hook(ctx, h.event, h.phase, h.fn); rc != CF_OK) return rc;
    return CF_OK;
}

void sweep_orphans(cf_ctx* ctx) {
    static const std::string sql = std::string("DELETE FROM boosts WHERE ") + kOrphans;
    int rc = cf::write(
        ctx, [ctx](cf_db* txn) { return cf::Stmt(ctx, txn, sql).exec(); },
        [ctx](int status) {
            if (status != CF_OK) cf::log(ctx, CF_LOG_WARN, "boosts: could not remove the boosts of deleted messages");
        });
    if (rc != CF_OK) cf::log(ctx, CF_LOG_WARN, "boosts: the writer is busy; orphaned boosts stay until the next start");
}

} // namespace boosts
