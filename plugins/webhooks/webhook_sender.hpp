// One webhook POST over cpp-httplib: to the address the SSRF check resolved (the URL's host only
// names it in Host and TLS SNI), no redirects, no keep-alive, a reply capped at 1 MB, and one
// deadline for the whole exchange. A watchdog thread shuts the socket of an exchange that
// outlives its deadline, so a server trickling bytes cannot hold a worker.
#pragma once

#include "webhook_url.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class ClientImpl;
}

namespace webhooks {

constexpr size_t kMaxReplyBytes = 1024 * 1024;

struct OutgoingRequest {
    WebhookUrl url;
    std::string ip; // where to connect
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body; // JSON
};

struct Exchange {
    enum class Result { response, timeout, failed };
    Result result = Result::failed;
    int status = 0;
    std::string content_type; // the media type, lowercase, without parameters
    std::string body;
    std::string error; // for failed
};

class WebhookSender {
public:
    explicit WebhookSender(std::chrono::milliseconds timeout);
    ~WebhookSender();
    WebhookSender(const WebhookSender&) = delete;
    WebhookSender& operator=(const WebhookSender&) = delete;

    // Blocks the calling worker until the reply, the deadline, or abort_all().
    Exchange post(const OutgoingRequest& request);
    // Shuts every exchange in flight (at unload); later posts fail at once.
    void abort_all();
    std::chrono::milliseconds timeout() const { return timeout_; }

private:
    using Clock = std::chrono::steady_clock;
    struct InFlight {
        Clock::time_point deadline;
        std::shared_ptr<httplib::ClientImpl> client;
        bool fired = false;
    };
    uint64_t watch(std::shared_ptr<httplib::ClientImpl> client);
    bool unwatch(uint64_t id); // true when the watchdog cut it
    void watchdog();

    const std::chrono::milliseconds timeout_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::map<uint64_t, InFlight> in_flight_;
    uint64_t next_id_ = 1;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace webhooks
