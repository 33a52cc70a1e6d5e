// Who hears about a new message. Mirrors Campfire's webhook trigger (CAMPFIRE.md §4, "When it
// fires"), on the message.created NOTIFY hook (after commit, on the notify thread, so a slow bot
// never delays the message):
//  - in a direct room: every active bot member with a webhook;
//  - elsewhere: every active bot with a webhook that the message @mentions (and that is a member);
//  - never the message's creator, and never for a webhook reply (a bot message whose
//    client_message_id starts "webhook-reply-").
// The payload is built here (a few indexed reads) and queued; the HTTP happens on the delivery
// workers. The hook payload is the stored event's data: the message JSON, or {"room","message"}.
// Mentions come from the message's mentionee_ids, or, for messages stored without them, from the
// mention attachments in its body.
#include "deliveries.hpp"
#include "parts.hpp"
#include "secrets.hpp"
#include "settings.hpp"
#include "text.hpp"
#include "webhook_payload.hpp"

#include <campfire/plugin.hpp>

#include <ctime>

namespace webhooks {
namespace {

#define CANDIDATE_SELECT                                                                                 \
    "SELECT u.id, u.name, coalesce(u.bot_token, ''), w.url, w.sign_requests, w.envelope, w.retries, "    \
    "w.include_reply_url, w.signing_secret FROM memberships m JOIN users u ON u.id = m.user_id "         \
    "JOIN bot_webhooks w ON w.bot_id = u.id "                                                            \
    "WHERE m.room_id = ?1 AND u.role = 2 AND u.status = 0 AND u.id <> ?2 AND w.url IS NOT NULL "

struct Candidate {
    int64_t id;
    std::string name, token, url, secret;
    DeliveryOptions options;
};

struct NewMessage {
    int64_t id = 0, room_id = 0, creator_id = 0;
    std::string creator_name, client_message_id, body;
    std::optional<std::string> plain_body;
    std::optional<std::vector<int64_t>> mentionee_ids;
};

std::string text_of(const rapidjson::Value* v) { return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : ""; }
int64_t int_of(const rapidjson::Value* v) { return v && v->IsInt64() ? v->GetInt64() : 0; }

std::optional<NewMessage> read_message(std::string_view payload) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, payload) || !doc.IsObject()) return std::nullopt;
    const rapidjson::Value* m = member(doc, "message");
    if (!m || !m->IsObject()) m = &doc;
    NewMessage out;
    out.id = int_of(member(*m, "id"));
    out.room_id = int_of(member(*m, "room_id"));
    if (!out.room_id) {
        const rapidjson::Value* room = member(doc, "room");
        out.room_id = room ? int_of(member(*room, "id")) : 0;
    }
    const rapidjson::Value* creator = member(*m, "creator");
    out.creator_id = creator ? int_of(member(*creator, "id")) : 0;
    if (!out.creator_id) out.creator_id = int_of(member(*m, "creator_id"));
    out.creator_name = creator ? text_of(member(*creator, "name")) : "";
    out.client_message_id = text_of(member(*m, "client_message_id"));
    out.body = text_of(member(*m, "body"));
    if (const rapidjson::Value* p = member(*m, "plain_body"); p && p->IsString()) out.plain_body = text_of(p);
    if (const rapidjson::Value* ids = member(*m, "mentionee_ids"); ids && ids->IsArray()) {
        out.mentionee_ids.emplace();
        for (const auto& v : ids->GetArray())
            if (v.IsInt64()) out.mentionee_ids->push_back(v.GetInt64());
    }
    if (!out.id || !out.room_id || !out.creator_id) return std::nullopt;
    return out;
}

std::vector<Candidate> read_candidates(cf::Stmt& s) {
    std::vector<Candidate> out;
    while (s.row())
        out.push_back(Candidate{s.integer(0), std::string(s.text(1)), std::string(s.text(2)), std::string(s.text(3)),
                                std::string(s.text(8)),
                                DeliveryOptions{s.integer(4) != 0, s.integer(5) != 0, s.integer(6) != 0, s.integer(7) != 0}});
    return out;
}

std::string iso_now(cf_ctx* ctx) {
    int64_t ms = cf_now_ms(ctx);
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

int message_created(cf::HookCall& call) {
    cf_ctx* ctx = call.ctx();
    auto m = read_message(call.payload());
    if (!m) return CF_OK;
    cf_db* db = cf_db_reader(ctx);
    if (!db) return CF_OK;

    if (m->client_message_id.rfind(kReplyClientIdPrefix, 0) == 0) {
        cf::Stmt role(ctx, db, "SELECT role FROM users WHERE id = ?1");
        role.bind(1, m->creator_id);
        if (role.row() && role.integer(0) == CF_ROLE_BOT) return CF_OK; // a webhook reply
    }

    cf::Stmt room(ctx, db, "SELECT type, name FROM rooms WHERE id = ?1");
    room.bind(1, m->room_id);
    if (!room.row()) return CF_OK;
    bool direct = room.text(0) == "direct";
    std::optional<std::string> room_name;
    if (!direct && !room.is_null(1)) room_name = std::string(room.text(1));

    std::vector<Candidate> bots;
    if (direct) {
        cf::Stmt s(ctx, db, CANDIDATE_SELECT "ORDER BY u.id");
        s.bind(1, m->room_id).bind(2, m->creator_id);
        bots = read_candidates(s);
    } else {
        std::vector<int64_t> ids = m->mentionee_ids ? *m->mentionee_ids : mentioned_user_ids(m->body);
        for (int64_t id : ids) {
            cf::Stmt s(ctx, db, CANDIDATE_SELECT "AND u.id = ?3");
            s.bind(1, m->room_id).bind(2, m->creator_id).bind(3, id);
            for (auto& c : read_candidates(s)) bots.push_back(std::move(c));
        }
    }
    if (bots.empty()) return CF_OK;

    std::string plain = m->plain_body ? *m->plain_body : mentions_as_text(m->body, [&](int64_t id) -> std::optional<std::string> {
        cf::Stmt s(ctx, db, "SELECT name FROM users WHERE id = ?1");
        s.bind(1, id);
        if (!s.row()) return std::nullopt;
        return std::string(s.text(0));
    });
    std::string created_at = iso_now(ctx);
    for (const Candidate& bot : bots) {
        std::string key = std::to_string(bot.id) + "-" + bot.token;
        PayloadFields f{m->creator_id, m->creator_name, m->room_id, room_name, key, m->id, m->body,
                        plain_for_bot(plain, bot.name), std::nullopt};
        if (bot.options.include_reply_url) f.reply_url = settings().public_url + bot_api_path(m->room_id, key);
        Delivery d;
        d.bot_id = bot.id;
        d.bot_name = bot.name;
        d.url = bot.url;
        d.room_id = m->room_id;
        d.options = bot.options;
        d.signing_secret = bot.secret;
        d.delivery_id = random_uuid();
        std::string payload = campfire_payload(f);
        d.body = bot.options.envelope ? envelope(d.delivery_id, "message.created", created_at, payload) : payload;
        enqueue_delivery(ctx, std::move(d));
    }
    return CF_OK;
}

} // namespace

int register_webhook_trigger(cf_ctx* ctx) { return cf::hook(ctx, "message.created", CF_PHASE_NOTIFY, message_created); }

} // namespace webhooks
