#include "kernel/app/cable_gateway.h"

#include "kernel/auth/sessions.h"
#include "kernel/base/metrics.h"
#include "kernel/bus/events.h"
#include "kernel/db/read_pool.h"
#include "kernel/host/kernel_hooks.h"
#include "kernel/http/dispatcher.h"

#include <campfire/json.hpp>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

namespace cf {

namespace {

constexpr size_t kMaxReplay = 1000; // more missed events than this: the client reloads

net::Frame frame(std::string_view type, std::optional<int64_t> room_id, std::string_view data_json) {
    Json j;
    j.obj([&] {
        j.key("type").str(type);
        if (room_id) j.key("room_id").num(*room_id);
        j.key("data").raw(data_json.empty() ? std::string_view("{}") : data_json);
    });
    return net::encode_text(j.text());
}

net::Frame error_frame(std::string_view message, std::optional<int64_t> room_id) {
    Json j;
    j.obj([&] {
        j.key("type").str("error");
        j.key("error").str(message);
        if (room_id) j.key("room_id").num(*room_id);
    });
    return net::encode_text(j.text());
}

std::optional<UserInfo> load_user(int64_t user_id) {
    std::string error;
    db::Statement* st = db::reader().cached("SELECT id, role, status, name FROM users WHERE id = ? AND status = 0", &error);
    if (!st) return std::nullopt;
    st->bind_int(1, user_id);
    std::optional<UserInfo> u;
    if (st->step() == SQLITE_ROW)
        u = UserInfo{st->column_int(0), static_cast<int>(st->column_int(1)), static_cast<int>(st->column_int(2)),
                     std::string(st->column_text(3)), 0};
    st->reset();
    return u;
}

} // namespace

CableGateway::CableGateway(Kernel& kernel, WorkerPool& workers, const CookieSigner& signer)
    : kernel_(kernel), signer_(signer),
      inbox_(
          workers, SerialInbox::Limits{},
          [this](uint64_t socket_id, int64_t user_id, const std::string& message) { handle(socket_id, user_id, message); },
          [this](uint64_t socket_id) { server_->send(socket_id, error_frame("the server is busy; try again", std::nullopt)); }) {}

net::CableCallbacks CableGateway::callbacks() {
    net::CableCallbacks cb;
    cb.authenticate = [this](std::string_view cookie_header) -> std::optional<int64_t> {
        auto value = cookie_value(cookie_header, "session_token");
        if (!value) return std::nullopt;
        auto token = signer_.verify(*value);
        if (!token) return std::nullopt;
        auto user = find_session_user(db::reader(), *token);
        if (!user) return std::nullopt;
        return user->id;
    };
    cb.origin_allowed = [this](std::string_view origin, std::string_view host) {
        // The cable has its own port, so only the host name must match ours.
        return origin_allowed(origin, host, kernel_.config.allowed_origins, true);
    };
    cb.on_open = [this](uint64_t socket_id, int64_t user_id) {
        Json j;
        j.obj([&] {
            j.key("type").str("welcome");
            j.key("user_id").num(user_id);
            j.key("last_event_id").num(latest_event_id(db::reader()));
        });
        server_->send(socket_id, net::encode_text(j.text()));
    };
    cb.on_message = [this](uint64_t socket_id, int64_t user_id, std::string message) {
        Metrics::instance().ws_messages_in.fetch_add(1, std::memory_order_relaxed);
        if (!inbox_.push(socket_id, user_id, std::move(message)))
            server_->send(socket_id, error_frame("the server is busy; try again", std::nullopt));
    };
    cb.on_close = [](uint64_t, int64_t) {};
    return cb;
}

void CableGateway::handle(uint64_t socket_id, int64_t user_id, const std::string& message) {
    rapidjson::Document doc;
    if (!parse_json(doc, message) || !doc.IsObject() || !doc.HasMember("type") || !doc["type"].IsString())
        return server_->send(socket_id, error_frame("messages are JSON objects with a \"type\"", std::nullopt));
    std::string type(doc["type"].GetString(), doc["type"].GetStringLength());
    auto user = load_user(user_id);
    if (!user) return server_->close_socket(socket_id, 1008, "signed out");

    auto room_of = [&]() -> std::optional<int64_t> {
        if (!doc.HasMember("room_id") || !doc["room_id"].IsInt64()) return std::nullopt;
        return doc["room_id"].GetInt64();
    };
    if (type == "subscribe" || type == "unsubscribe") {
        auto room_id = room_of();
        if (!room_id) return server_->send(socket_id, error_frame("room_id must be an integer", std::nullopt));
        if (type == "unsubscribe") return server_->unsubscribe(socket_id, *room_id);
        std::optional<int64_t> since;
        if (doc.HasMember("since")) {
            if (!doc["since"].IsInt64() || doc["since"].GetInt64() < 0)
                return server_->send(socket_id, error_frame("since must be a non-negative integer", room_id));
            since = doc["since"].GetInt64();
        }
        return subscribe(socket_id, *user, *room_id, since);
    }
    auto channel = kernel_.channels.find(type);
    Viewer viewer{true, user->id, user->role, room_of()};
    if (!channel || !kernel_.allows(channel->owner, viewer))
        return server_->send(socket_id, error_frame("unknown type", room_of()));
    cf_user cu = to_cf_user(*user);
    channel->fn(&channel->owner->ctx, &cu, socket_id, cf_str{message.data(), message.size()}, channel->user_data);
}

void CableGateway::subscribe(uint64_t socket_id, const UserInfo& user, int64_t room_id, std::optional<int64_t> since) {
    int status = 0;
    std::string reason;
    std::string payload = "{\"room_id\":" + std::to_string(room_id) + "}";
    if (!run_check_hooks(kernel_, "cable.subscribe", payload, &user, true, &status, &reason))
        return server_->send(socket_id, error_frame(status == 404 ? "not a member" : reason, room_id));
    // Hold live frames for this socket first, then read: nothing committed after the read can be missed.
    server_->begin_subscribe(socket_id, room_id);
    std::vector<net::Frame> replay;
    int64_t upto = 0;
    if (since) {
        Replay r = read_replay(db::reader(), room_id, *since, kMaxReplay);
        upto = r.upto;
        if (r.too_old) {
            replay.push_back(net::encode_text("{\"type\":\"reload\",\"room_id\":" + std::to_string(room_id) + "}"));
        } else {
            for (const auto& e : r.events) replay.push_back(net::encode_text(event_frame_json(e)));
        }
    } else {
        upto = latest_event_id(db::reader());
    }
    std::string subscribed = "{\"type\":\"subscribed\",\"room_id\":" + std::to_string(room_id) +
                             ",\"last_event_id\":" + std::to_string(upto) + "}";
    server_->finish_subscribe(socket_id, room_id, std::move(replay), upto, net::encode_text(subscribed));
}

void CableGateway::publish(const db::StoredEvent& event) {
    if (event.room_id == 0 || !server_) return;
    Metrics::instance().events_published.fetch_add(1, std::memory_order_relaxed);
    server_->publish(event.room_id, event.id, net::encode_text(event_frame_json(event)));
}

void CableGateway::send_room(int64_t room_id, std::string_view type, std::string_view json) {
    if (server_) server_->publish(room_id, 0, frame(type, room_id, json));
}

void CableGateway::send_user(int64_t user_id, std::string_view type, std::string_view json) {
    if (server_) server_->send_user(user_id, frame(type, std::nullopt, json));
}

void CableGateway::send_socket(uint64_t socket_id, std::string_view type, std::string_view json) {
    if (server_) server_->send(socket_id, frame(type, std::nullopt, json));
}

void CableGateway::leave_room(int64_t room_id, int64_t user_id) {
    if (server_) server_->leave_room(room_id, user_id);
}

void CableGateway::disconnect_user(int64_t user_id) {
    // 1008 (policy violation): the client must not reconnect with the same, now dead, session.
    if (server_) server_->close_user(user_id, 1008, "signed out");
}

} // namespace cf
