#include "deliveries.hpp"

#include "multipart.hpp"
#include "parts.hpp"
#include "scheduled_queue.hpp"
#include "secrets.hpp"
#include "settings.hpp"
#include "webhook_sender.hpp"

#include <campfire/plugin.hpp>
#include <campfire/utf8.hpp>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace webhooks {
namespace {

struct Stats {
    std::atomic<uint64_t> enqueued{0}, delivered{0}, replies{0}, failed{0}, timeouts{0}, refused{0}, dropped{0},
        retries{0};
};

class Service {
public:
    explicit Service(cf_ctx* ctx) : ctx_(ctx), queue_(kDeliveryQueueCapacity), sender_(settings().timeout) {
        for (size_t i = 0; i < kDeliveryWorkers; ++i) workers_.emplace_back([this] { work(); });
    }
    ~Service() {
        stopping_ = true;
        queue_.stop();
        sender_.abort_all();
        for (auto& t : workers_) t.join();
    }

    bool enqueue(Delivery d, ScheduledQueue<Delivery>::Clock::time_point due) {
        if (stopping_) return false;
        return queue_.push(std::move(d), due);
    }
    size_t queued() const { return queue_.size(); }
    Stats stats;

    void dropped(const Delivery& d) {
        uint64_t n = stats.dropped.fetch_add(1) + 1;
        if (n == 1 || n % 100 == 0)
            cf::log(ctx_, CF_LOG_WARN,
                    "webhooks: the delivery queue is full (" + std::to_string(kDeliveryQueueCapacity) + "); dropped " +
                        std::to_string(n) + " so far, the latest for bot " + std::to_string(d.bot_id));
        record(d.bot_id, "dropped", std::nullopt, "the delivery queue was full");
    }

private:
    void work() {
        while (auto d = queue_.pop()) {
            try {
                attempt(*d);
            } catch (const std::exception& e) {
                cf::log(ctx_, CF_LOG_ERROR, std::string("webhooks: delivery failed: ") + e.what());
            } catch (...) {
                cf::log(ctx_, CF_LOG_ERROR, "webhooks: delivery failed");
            }
        }
    }

    void attempt(Delivery& d) {
        std::string problem;
        auto url = parse_webhook_url(d.url, &problem);
        if (!url) return refuse(d, "invalid webhook URL: " + problem);
        ResolvedTarget target = resolve_target(url->host, url->port, settings().allowed);
        if (!target.refusal.empty()) return refuse(d, target.refusal);

        OutgoingRequest out{*url, target.ip, {}, d.body};
        if (d.options.sign_requests) {
            std::string timestamp = std::to_string(cf_now_ms(ctx_) / 1000);
            out.headers.emplace_back("X-Campfire-Timestamp", timestamp);
            out.headers.emplace_back("X-Campfire-Signature",
                                     "sha256=" + hmac_sha256_hex(d.signing_secret, timestamp + "." + d.body));
        }
        if (d.options.envelope) out.headers.emplace_back("X-Campfire-Delivery", d.delivery_id);

        Exchange ex = sender_.post(out);
        if (stopping_) return;
        bool may_retry = d.options.retries && d.attempt < kMaxRetries;
        switch (ex.result) {
        case Exchange::Result::timeout:
            if (may_retry) return retry(d);
            stats.timeouts.fetch_add(1);
            record(d.bot_id, "timeout", std::nullopt, "no answer within " + std::to_string(settings().timeout.count()) + " ms");
            return post_reply(d, text_reply(timeout_text()), nullptr, nullptr);
        case Exchange::Result::failed:
            if (may_retry) return retry(d);
            stats.failed.fetch_add(1);
            cf::log(ctx_, CF_LOG_WARN, "webhooks: bot " + std::to_string(d.bot_id) + ": " + ex.error);
            return record(d.bot_id, "failed", std::nullopt, ex.error);
        case Exchange::Result::response:
            break;
        }
        if (ex.status >= 500 && may_retry) return retry(d);
        answered(d, ex);
    }

    // Campfire's reply handling (Webhook#receive_text_reply_to / receive_attachment_reply_to).
    void answered(const Delivery& d, const Exchange& ex) {
        if (ex.status < 200 || ex.status > 299) {
            stats.failed.fetch_add(1);
            return record(d.bot_id, "failed", ex.status, "the webhook answered HTTP " + std::to_string(ex.status));
        }
        stats.delivered.fetch_add(1);
        bool has_body = ex.body.find_first_not_of(" \t\r\n") != std::string::npos;
        if (ex.status != 200 || !has_body || ex.content_type.empty())
            return record(d.bot_id, "delivered", ex.status, "no reply");
        if (ex.content_type == "text/plain" || ex.content_type == "text/html")
            return post_reply(d, text_reply(cf::utf8::scrub(ex.body)), nullptr, &ex);
        FormPart file{"message[attachment]", "attachment." + extension_for(ex.content_type), ex.content_type, ex.body};
        FormPart id{"message[client_message_id]", std::nullopt, {}, std::string(kReplyClientIdPrefix) + random_uuid()};
        Multipart form = build_multipart({file, id});
        post_reply(d, form.body, form.content_type.c_str(), &ex);
    }

    static std::string text_reply(std::string_view text) {
        cf::Json j;
        j.obj([&] {
            j.key("message").obj([&] {
                j.key("body").str(text);
                j.key("client_message_id").str(std::string(kReplyClientIdPrefix) + random_uuid());
            });
        });
        return std::string(j.text());
    }

    static std::string extension_for(const std::string& media) {
        static const std::pair<const char*, const char*> kKnown[] = {
            {"application/json", "json"}, {"application/pdf", "pdf"}, {"application/zip", "zip"},
            {"image/png", "png"},         {"image/jpeg", "jpg"},      {"image/gif", "gif"},
            {"image/webp", "webp"},       {"image/svg+xml", "svg"},   {"text/csv", "csv"},
            {"text/markdown", "md"},      {"audio/mpeg", "mp3"},      {"video/mp4", "mp4"},
        };
        for (auto [type, ext] : kKnown)
            if (media == type) return ext;
        return "bin";
    }

    // Posts as the bot in the delivery's room; `ex` is the answer being relayed (null for the
    // timeout text). The outcome is stored once the rooms route has answered.
    void post_reply(const Delivery& d, std::string body, const char* content_type, const Exchange* ex) {
        std::optional<int64_t> http = ex ? std::optional<int64_t>(ex->status) : std::nullopt;
        int64_t bot = d.bot_id;
        std::string path = "/rooms/" + std::to_string(d.room_id) + "/messages";
        int rc = cf::dispatch(
            ctx_, "POST", path, body, bot,
            [this, bot, http](cf::Response r) {
                if (r.status == 201 || r.status == 200) {
                    stats.replies.fetch_add(1);
                    if (http) record(bot, "delivered", http, "reply posted");
                    return;
                }
                std::string why = "the reply could not be posted: HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200);
                cf::log(ctx_, CF_LOG_WARN, "webhooks: bot " + std::to_string(bot) + ": " + why);
                if (http) record(bot, "delivered", http, why);
            },
            content_type);
        if (rc != CF_OK) {
            cf::log(ctx_, CF_LOG_WARN, "webhooks: bot " + std::to_string(bot) + ": the server is too busy to post the reply");
            if (http) record(bot, "delivered", http, "the server was too busy to post the reply");
        }
    }

    void retry(Delivery& d) {
        auto delay = settings().backoff;
        for (int i = 0; i < d.attempt; ++i) delay *= 4;
        ++d.attempt;
        stats.retries.fetch_add(1);
        if (!enqueue(d, ScheduledQueue<Delivery>::Clock::now() + delay)) dropped(d);
    }

    void refuse(const Delivery& d, const std::string& why) {
        stats.refused.fetch_add(1);
        cf::log(ctx_, CF_LOG_WARN, "webhooks: bot " + std::to_string(d.bot_id) + ": delivery refused: " + why);
        record(d.bot_id, "refused", std::nullopt, why);
    }

public:
    // Stores the final outcome on the bot (a small write; failures are only logged).
    void record(int64_t bot, std::string status, std::optional<int64_t> http, std::string detail) {
        if (stopping_) return;
        cf_ctx* ctx = ctx_;
        int rc = cf::write(
            ctx,
            [ctx, bot, status, http, detail](cf_db* txn) {
                cf::Stmt s(ctx, txn,
                           "UPDATE bot_webhooks SET last_delivery_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
                           "last_delivery_status = ?2, last_delivery_http_status = ?3, last_delivery_detail = ?4 "
                           "WHERE bot_id = ?1");
                s.bind(1, bot).bind(2, std::string_view(status)).bind(3, http).bind(4, std::string_view(detail));
                return s.exec();
            },
            [](int) {});
        if (rc != CF_OK) cf::log(ctx, CF_LOG_WARN, "webhooks: could not store a delivery outcome: the writer is busy");
    }

private:
    cf_ctx* ctx_;
    ScheduledQueue<Delivery> queue_;
    WebhookSender sender_;
    std::atomic<bool> stopping_{false};
    std::vector<std::thread> workers_;
};

std::unique_ptr<Service> g_service;

void stats_route(cf::Request&, cf::Reply reply) {
    if (!g_service) return reply.error(503, "deliveries are not running");
    const Stats& s = g_service->stats;
    cf::Json j;
    j.obj([&] {
        j.key("queued").num(static_cast<int64_t>(g_service->queued()));
        j.key("capacity").num(static_cast<int64_t>(kDeliveryQueueCapacity));
        j.key("workers").num(static_cast<int64_t>(kDeliveryWorkers));
        for (auto [name, counter] : {std::pair{"enqueued", &s.enqueued}, std::pair{"delivered", &s.delivered},
                                     std::pair{"replies", &s.replies}, std::pair{"failed", &s.failed},
                                     std::pair{"timeouts", &s.timeouts}, std::pair{"refused", &s.refused},
                                     std::pair{"dropped", &s.dropped}, std::pair{"retries", &s.retries}})
            j.key(name).num(static_cast<int64_t>(counter->load()));
    });
    reply.json(200, j);
}

} // namespace

void start_deliveries(cf_ctx* ctx) { g_service = std::make_unique<Service>(ctx); }

void stop_deliveries() { g_service.reset(); }

bool enqueue_delivery(cf_ctx*, Delivery d) {
    if (!g_service) return false;
    if (g_service->enqueue(d, ScheduledQueue<Delivery>::Clock::now())) {
        g_service->stats.enqueued.fetch_add(1);
        return true;
    }
    g_service->dropped(d);
    return false;
}

int register_delivery_stats(cf_ctx* ctx) { return cf::route(ctx, "GET", "/account/webhooks/stats", CF_AUTH_ADMIN, stats_route); }

} // namespace webhooks
