#include "vapid_setup.hpp"

#include "state.hpp"
#include "vapid.hpp"

#include <campfire/plugin.hpp>

#include <memory>
#include <variant>

namespace push {
namespace {

// Reads or creates the stored pair, on the writer thread.
int load_or_create(cf_ctx* ctx, cf_db* txn, std::optional<KeyPair>& out) {
    cf::Stmt read(ctx, txn, "SELECT private_key, public_key FROM push_vapid_keys WHERE id = 1");
    if (!read) return CF_ERR;
    if (read.row()) {
        auto keys = vapid_keys_from_text(read.text(0), read.text(1));
        if (auto* error = std::get_if<std::string>(&keys)) {
            cf::log(ctx, CF_LOG_ERROR, "push: the stored VAPID keys are unusable: " + *error);
            return CF_ERR;
        }
        out = std::get<KeyPair>(std::move(keys));
        return CF_OK;
    }
    auto fresh = generate_key_pair();
    if (!fresh) return CF_ERR;
    cf::Stmt ins(ctx, txn, "INSERT INTO push_vapid_keys(id, private_key, public_key) VALUES (1, ?1, ?2)");
    int rc = ins.bind(1, std::string_view(base64url_encode(fresh->private_key)))
                 .bind(2, std::string_view(base64url_encode(fresh->public_key)))
                 .exec();
    if (rc != CF_OK) return rc;
    out = std::move(fresh);
    return CF_OK;
}

} // namespace

int setup_vapid_keys(cf_ctx* ctx) {
    std::string_view private_b64 = cf::view(cf_config_get(ctx, "VAPID_PRIVATE_KEY"));
    std::string_view public_b64 = cf::view(cf_config_get(ctx, "VAPID_PUBLIC_KEY"));
    if (!private_b64.empty()) {
        auto keys = vapid_keys_from_text(private_b64, public_b64);
        if (auto* error = std::get_if<std::string>(&keys)) {
            cf::log(ctx, CF_LOG_ERROR, "push: " + *error);
            return CF_ERR_ARG;
        }
        state().vapid.set(std::get<KeyPair>(std::move(keys)));
        return CF_OK;
    }
    if (!public_b64.empty()) {
        cf::log(ctx, CF_LOG_ERROR, "push: VAPID_PUBLIC_KEY is set without VAPID_PRIVATE_KEY");
        return CF_ERR_ARG;
    }
    auto loaded = std::make_shared<std::optional<KeyPair>>();
    return cf::write(
        ctx, [ctx, loaded](cf_db* txn) { return load_or_create(ctx, txn, *loaded); },
        [ctx, loaded](int status) {
            if (status == CF_OK && *loaded) return state().vapid.set(std::move(**loaded));
            cf::log(ctx, CF_LOG_ERROR, "push: no VAPID keys; web push is off until the next start");
        });
}

std::optional<KeyPair> current_vapid_keys(cf_ctx* ctx) {
    if (auto keys = state().vapid.get()) return keys;
    cf_db* db = cf_db_reader(ctx);
    if (!db) return std::nullopt;
    cf::Stmt read(ctx, db, "SELECT private_key, public_key FROM push_vapid_keys WHERE id = 1");
    if (!read || !read.row()) return std::nullopt;
    auto keys = vapid_keys_from_text(read.text(0), read.text(1));
    if (!std::holds_alternative<KeyPair>(keys)) return std::nullopt;
    state().vapid.set(std::get<KeyPair>(keys));
    return std::get<KeyPair>(std::move(keys));
}

std::string vapid_subject(cf_ctx* ctx, cf_db* db) {
    if (!state().subject.empty()) return state().subject;
    cf::Stmt s(ctx, db, "SELECT email_address FROM users WHERE role = 1 AND status = 0 AND email_address IS NOT NULL "
                        "ORDER BY id LIMIT 1");
    if (s && s.row() && !s.text(0).empty()) return "mailto:" + std::string(s.text(0));
    return "mailto:push@localhost";
}

} // namespace push
