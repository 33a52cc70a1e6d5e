// push: Campfire's Web Push (CAMPFIRE.md §6). Browsers subscribe through the routes in routes.cpp;
// a new message is pushed, encrypted (RFC 8291) and signed (VAPID, RFC 8292), to the members who
// should hear of it (pusher.hpp) by a bounded pool of delivery threads, off the message path.
// Subscriptions go when the push service forgets them (404/410), on sign-out (the kernel's
// session.deleted), and when their user is deactivated or banned.
// Settings: VAPID_PRIVATE_KEY / VAPID_PUBLIC_KEY (else generated once and stored),
// CF_VAPID_SUBJECT, CF_PUSH_ALLOWED_HOSTS. Depends on the SDK only; reads the kernel's users and
// the rooms plugin's rooms and memberships; writes only its own tables, through cf::write or a
// STORE hook.
#include "pusher.hpp"
#include "routes.hpp"
#include "state.hpp"
#include "subscription_store.hpp"
#include "vapid_setup.hpp"

#include <campfire/plugin.hpp>

namespace push {
namespace {

int64_t user_id_of(std::string_view payload, bool nested) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, payload) || !doc.IsObject()) return 0;
    const rapidjson::Value* v = &doc;
    if (nested) {
        auto user = doc.FindMember("user");
        if (user == doc.MemberEnd() || !user->value.IsObject()) return 0;
        v = &user->value;
    }
    auto id = v->FindMember(nested ? "id" : "user_id");
    return id != v->MemberEnd() && id->value.IsInt64() ? id->value.GetInt64() : 0;
}

// user.deactivated / user.banned STORE {"user":{"id",…}}: nothing more goes to their browsers.
int forget_user(cf::HookCall& call) {
    int64_t user_id = user_id_of(call.payload(), true);
    if (user_id <= 0) return CF_OK;
    return cf::Stmt(call.ctx(), call.db(), "DELETE FROM push_subscriptions WHERE user_id = ?1").bind(1, user_id).exec();
}

// session.deleted STORE {"user_id":N,"push_subscription_endpoint":"…"|null}: the browser signing
// out unsubscribed itself; drop its row.
int forget_signed_out_browser(cf::HookCall& call) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, call.payload()) || !doc.IsObject()) return CF_OK;
    auto endpoint = doc.FindMember("push_subscription_endpoint");
    int64_t user_id = user_id_of(call.payload(), false);
    if (user_id <= 0 || endpoint == doc.MemberEnd() || !endpoint->value.IsString()) return CF_OK;
    std::string_view url(endpoint->value.GetString(), endpoint->value.GetStringLength());
    return cf::Stmt(call.ctx(), call.db(), "DELETE FROM push_subscriptions WHERE user_id = ?1 AND endpoint = ?2")
        .bind(1, user_id)
        .bind(2, url)
        .exec();
}

int init(cf_ctx* ctx) {
    State& st = state();
    st.allowed = AllowList(cf::view(cf_config_get(ctx, "CF_PUSH_ALLOWED_HOSTS")));
    st.subject = std::string(cf::view(cf_config_get(ctx, "CF_VAPID_SUBJECT")));
    if (!st.subject.empty() && !st.subject.starts_with("mailto:") && !st.subject.starts_with("https:")) {
        cf::log(ctx, CF_LOG_ERROR, "push: CF_VAPID_SUBJECT must be a mailto: or https: URL");
        return CF_ERR_ARG;
    }
    if (int rc = register_schema(ctx); rc != CF_OK) return rc;
    if (int rc = register_routes(ctx); rc != CF_OK) return rc;
    if (int rc = cf::hook(ctx, "message.created", CF_PHASE_NOTIFY,
                          [ctx](cf::HookCall& call) {
                              on_message_created(ctx, call.payload());
                              return CF_OK;
                          });
        rc != CF_OK)
        return rc;
    if (int rc = cf::hook(ctx, "user.deactivated", CF_PHASE_STORE, forget_user); rc != CF_OK) return rc;
    if (int rc = cf::hook(ctx, "user.banned", CF_PHASE_STORE, forget_user); rc != CF_OK) return rc;
    if (int rc = cf::hook(ctx, "session.deleted", CF_PHASE_STORE, forget_signed_out_browser); rc != CF_OK) return rc;
    if (int rc = setup_vapid_keys(ctx); rc != CF_OK) return rc;
    st.queue.start();
    return CF_OK;
}

// Runs on the writer thread, which must not wait for an HTTP request in flight: switching off
// drops what is queued (counted as dropped) and leaves the idle threads parked until unload.
void on_enable(cf_ctx*, int enabled) {
    if (!enabled) state().counters.dropped += static_cast<int64_t>(state().queue.clear());
}

void unload(cf_ctx*) {
    state().queue.stop();
    cf::registry().clear();
}

} // namespace
} // namespace push

CF_PLUGIN("push", "1.0.0", "Web Push: encrypted, VAPID-signed notifications of new messages to subscribed browsers",
          push::init, push::unload, push::on_enable)
