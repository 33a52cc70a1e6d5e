// example: the smallest useful plugin, and the one docs/plugins.md walks through.
//  - GET /api/example/ping (signed-in users) answers {"pong":true,"user_id":N};
//  - a CHECK hook on "message.create" refuses any message whose body contains the exact text
//    #blocked-by-example with 422, so tests can prove that hooks veto;
//  - a NOTIFY hook on "message.created" counts messages after they commit, and
//    GET /api/example/stats answers {"messages_seen":N} (since this process started);
//  - POST /api/example/relay {"room_id":N,"body":"..."} posts a message as the caller through the
//    rooms plugin's own route with cf::dispatch, and answers with that route's status and body.
// Mirrors no Campfire behaviour: it exists to show the SDK. Depends on the SDK only.
#include <campfire/plugin.hpp>

#include <atomic>
#include <string_view>

namespace {

constexpr std::string_view kBlockedText = "#blocked-by-example";

std::atomic<int64_t> g_messages_seen{0};

// Worker thread. The user is there: the kernel answered 401 before calling us otherwise.
void ping(cf::Request& req, cf::Reply reply) {
    cf::Json j;
    j.obj([&] { j.key("pong").boolean(true).key("user_id").num(req.user()->id); });
    reply.json(200, j);
}

void stats(cf::Request&, cf::Reply reply) {
    cf::Json j;
    j.obj([&] { j.key("messages_seen").num(g_messages_seen.load(std::memory_order_relaxed)); });
    reply.json(200, j);
}

// Worker thread, before anything is stored. Payload (from the rooms plugin):
// {"room":{"id","type"},"message":{"room_id","creator_id","client_message_id","body","content_type"}}
int refuse_blocked(cf::HookCall& call) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, call.payload()) || !doc.IsObject()) return CF_OK;
    auto message = doc.FindMember("message");
    if (message == doc.MemberEnd() || !message->value.IsObject()) return CF_OK;
    auto body = message->value.FindMember("body");
    if (body == message->value.MemberEnd() || !body->value.IsString()) return CF_OK;
    std::string_view text(body->value.GetString(), body->value.GetStringLength());
    if (text.find(kBlockedText) == std::string_view::npos) return CF_OK;
    call.veto(422, "message refused by the example plugin: it contains #blocked-by-example");
    return CF_ERR_DENIED;
}

// Notify thread, after commit; observe only. The payload is the stored event's data.
int count_message(cf::HookCall&) {
    g_messages_seen.fetch_add(1, std::memory_order_relaxed);
    return CF_OK;
}

// Worker thread. The inner request runs on another worker; the reply travels with the callback.
void relay(cf_ctx* ctx, cf::Request& req, cf::Reply reply) {
    const rapidjson::Document& doc = req.json();
    if (!doc.IsObject() || !doc.HasMember("room_id") || !doc["room_id"].IsInt64() ||
        !doc.HasMember("body") || !doc["body"].IsString())
        return reply.error(400, "send {\"room_id\":N,\"body\":\"...\"}");
    cf::Json message;
    message.obj([&] { message.key("message").obj([&] { message.key("body").str(doc["body"].GetString()); }); });
    std::string path = "/rooms/" + std::to_string(doc["room_id"].GetInt64()) + "/messages";
    auto shared = std::make_shared<cf::Reply>(std::move(reply));
    int rc = cf::dispatch(ctx, "POST", path, message.text(), req.user()->id, [shared](cf::Response r) {
        shared->send(r.status, "application/json", r.body);
    });
    if (rc != CF_OK) shared->error(503, "the server is busy; try again");
}

int init(cf_ctx* ctx) {
    if (int rc = cf::route(ctx, "POST", "/api/example/relay", CF_AUTH_USER,
                           [ctx](cf::Request& req, cf::Reply reply) { relay(ctx, req, std::move(reply)); });
        rc != CF_OK)
        return rc;
    if (int rc = cf::route(ctx, "GET", "/api/example/ping", CF_AUTH_USER, ping); rc != CF_OK) return rc;
    if (int rc = cf::route(ctx, "GET", "/api/example/stats", CF_AUTH_USER, stats); rc != CF_OK) return rc;
    if (int rc = cf::hook(ctx, "message.create", CF_PHASE_CHECK, refuse_blocked); rc != CF_OK) return rc;
    return cf::hook(ctx, "message.created", CF_PHASE_NOTIFY, count_message);
}

void unload(cf_ctx*) { cf::registry().clear(); }

} // namespace

CF_PLUGIN("example", "1.0.0", "Example plugin: ping, a message veto, a message counter", init, unload, nullptr)
