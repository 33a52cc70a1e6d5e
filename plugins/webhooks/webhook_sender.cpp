#include "webhook_sender.hpp"

#include "text.hpp"

#include <httplib.h>

#include <memory>

namespace webhooks {
namespace {

std::string media_type(const std::string& content_type) {
    return lower(trim(std::string_view(content_type).substr(0, content_type.find(';'))));
}

std::shared_ptr<httplib::ClientImpl> make_client(const WebhookUrl& url) {
    if (url.https) return std::make_shared<httplib::SSLClient>(url.host, url.port);
    return std::make_shared<httplib::ClientImpl>(url.host, url.port);
}

} // namespace

WebhookSender::WebhookSender(std::chrono::milliseconds timeout) : timeout_(timeout), thread_([this] { watchdog(); }) {}

WebhookSender::~WebhookSender() {
    abort_all();
    if (thread_.joinable()) thread_.join();
}

void WebhookSender::abort_all() {
    std::vector<std::shared_ptr<httplib::ClientImpl>> cut;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        for (auto& [id, f] : in_flight_) {
            f.fired = true;
            cut.push_back(f.client);
        }
    }
    cv_.notify_all();
    for (auto& c : cut) c->stop();
}

uint64_t WebhookSender::watch(std::shared_ptr<httplib::ClientImpl> client) {
    std::lock_guard lock(mu_);
    uint64_t id = next_id_++;
    in_flight_.emplace(id, InFlight{Clock::now() + timeout_, std::move(client)});
    cv_.notify_all();
    return id;
}

bool WebhookSender::unwatch(uint64_t id) {
    std::lock_guard lock(mu_);
    auto it = in_flight_.find(id);
    bool fired = it != in_flight_.end() && it->second.fired;
    if (it != in_flight_.end()) in_flight_.erase(it);
    return fired;
}

void WebhookSender::watchdog() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
        auto next = Clock::time_point::max();
        auto now = Clock::now();
        std::vector<std::shared_ptr<httplib::ClientImpl>> expired;
        for (auto& [id, f] : in_flight_) {
            if (f.fired) continue;
            if (f.deadline <= now) {
                f.fired = true;
                expired.push_back(f.client);
            } else if (f.deadline < next) {
                next = f.deadline;
            }
        }
        if (!expired.empty()) {
            // stop() may wait for a connect in progress: never while holding our lock. It shuts
            // the socket, so the worker's read fails at once; the shared_ptr keeps the client alive.
            lock.unlock();
            for (auto& c : expired) c->stop();
            expired.clear();
            lock.lock();
            continue;
        }
        if (next == Clock::time_point::max()) cv_.wait(lock);
        else cv_.wait_until(lock, next);
    }
}

Exchange WebhookSender::post(const OutgoingRequest& out) {
    Exchange ex;
    {
        std::lock_guard lock(mu_);
        if (stopping_) {
            ex.error = "the server is stopping";
            return ex;
        }
    }
    auto client = make_client(out.url);
    client->set_hostname_addr_map({{out.url.host, out.ip}});
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout_);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout_ - seconds);
    client->set_connection_timeout(static_cast<time_t>(seconds.count()), static_cast<time_t>(micros.count()));
    client->set_read_timeout(static_cast<time_t>(seconds.count()), static_cast<time_t>(micros.count()));
    client->set_write_timeout(static_cast<time_t>(seconds.count()), static_cast<time_t>(micros.count()));
    client->set_follow_location(false);
    client->set_keep_alive(false);
    client->set_url_encode(false); // the target was validated; do not encode it twice
    if (out.url.https) client->enable_server_certificate_verification(true);

    httplib::Request req;
    req.method = "POST";
    req.path = out.url.target;
    req.set_header("Host", out.url.host_header());
    req.set_header("Content-Type", "application/json");
    req.set_header("Accept", "text/plain, text/html, */*");
    req.set_header("User-Agent", "campfire-webhooks/1.0");
    for (const auto& [name, value] : out.headers) req.set_header(name, value);
    req.body = out.body;
    std::string reply;
    bool too_large = false;
    req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
        if (reply.size() + n > kMaxReplyBytes) {
            too_large = true;
            return false;
        }
        reply.append(data, n);
        return true;
    };

    auto started = Clock::now();
    uint64_t id = watch(client);
    httplib::Result res = client->send(req);
    bool cut = unwatch(id);
    auto elapsed = Clock::now() - started;

    if (res && !cut) {
        ex.result = Exchange::Result::response;
        ex.status = res->status;
        ex.content_type = media_type(res->get_header_value("Content-Type"));
        ex.body = std::move(reply);
        return ex;
    }
    httplib::Error error = res ? httplib::Error::Success : res.error();
    bool slow = elapsed + std::chrono::milliseconds(50) >= timeout_;
    if (cut || error == httplib::Error::ConnectionTimeout ||
        (slow && (error == httplib::Error::Read || error == httplib::Error::Write || error == httplib::Error::Connection))) {
        ex.result = Exchange::Result::timeout;
        return ex;
    }
    ex.result = Exchange::Result::failed;
    ex.error = too_large ? "the reply is larger than 1 MB" : httplib::to_string(error);
    return ex;
}

} // namespace webhooks
