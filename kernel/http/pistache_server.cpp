#include "kernel/http/pistache_server.h"

#include "kernel/base/clock.h"
#include "kernel/base/strings.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <thread>
#include <vector>
#include <mutex>
#include <poll.h>
#include <sstream>
#include <sys/socket.h>
#include <unordered_map>
#include <unordered_set>

namespace cf {

namespace {

using namespace Pistache;

// One per connection. `open` is true until Pistache reports the disconnection.
struct PeerGate {
    std::mutex mu;
    bool open = true;
    int fd = -1;
    // Reactor-thread only: the head of the request being received, to bound it before parsing.
    std::string head;
    bool head_done = false;
    // For the reaper (any thread): when the current request started arriving (0 = between
    // requests), when the connection was last used, and whether a reply is still owed.
    std::atomic<int64_t> request_started_ms{0};
    std::atomic<int64_t> last_used_ms{0};
    std::atomic<bool> busy{false};
};

constexpr size_t kMaxRequestLine = 8 * 1024;
constexpr size_t kMaxHead = 24 * 1024; // request line + headers

// Behind our reverse proxy (a loopback peer) the client is the last X-Forwarded-For entry: the
// address the proxy itself saw. From anywhere else the header is ignored (it could be forged).
std::string client_ip(const std::string& peer, const std::string* forwarded) {
    if (!forwarded || (peer != "127.0.0.1" && peer != "::1")) return peer;
    std::string_view list = *forwarded;
    size_t comma = list.rfind(',');
    std::string_view last = trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
    if (last.empty() || last.size() > 45) return peer;
    for (char c : last)
        if (!isxdigit(static_cast<unsigned char>(c)) && c != '.' && c != ':') return peer;
    return std::string(last);
}

const char* reason_phrase(int status) {
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status < 400 ? "OK" : status < 500 ? "Client Error" : "Server Error";
    }
}

// Sends what the socket takes now, without waiting. Returns bytes written, or npos when the peer
// is gone (or failed), so nothing more must be written to it.
size_t send_now(PeerGate& gate, std::string_view bytes) {
    std::lock_guard lock(gate.mu);
    if (!gate.open) return std::string_view::npos; // the peer is gone: never write to a reused fd
    size_t off = 0;
    while (off < bytes.size()) {
        ssize_t n = ::send(gate.fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            off += static_cast<size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return off;
        } else {
            return std::string_view::npos; // EPIPE, ECONNRESET: the reactor will see the disconnection
        }
    }
    return off;
}

void shut(PeerGate& gate) {
    std::lock_guard lock(gate.mu);
    if (gate.open) ::shutdown(gate.fd, SHUT_RDWR);
}

// Finishes replies the socket could not take at once (a client not reading), on its own thread,
// so neither the writer thread nor a reactor ever waits on a slow client. Bounded in bytes and time.
class ReplyDrainer {
public:
    static ReplyDrainer& instance() {
        static ReplyDrainer d;
        return d;
    }
    void add(std::shared_ptr<PeerGate> gate, std::string rest, bool close_after) {
        std::lock_guard lock(mu_);
        if (queued_bytes_ + rest.size() > kMaxBytes) {
            shut(*gate); // over the bound: a half-sent reply must not be read as whole
            return;
        }
        queued_bytes_ += rest.size();
        pending_.push_back(Pending{std::move(gate), std::move(rest), 0, close_after,
                                   std::chrono::steady_clock::now() + std::chrono::seconds(30)});
        cv_.notify_one();
    }

private:
    static constexpr size_t kMaxBytes = 256u << 20;
    struct Pending {
        std::shared_ptr<PeerGate> gate;
        std::string bytes;
        size_t off;
        bool close_after;
        std::chrono::steady_clock::time_point deadline;
    };

    ReplyDrainer() : thread_([this] { run(); }) { thread_.detach(); }

    void run() {
        for (;;) {
            std::vector<Pending> work;
            {
                std::unique_lock lock(mu_);
                cv_.wait(lock, [&] { return !pending_.empty(); });
                work.swap(pending_);
            }
            std::vector<pollfd> fds;
            for (auto& p : work) fds.push_back(pollfd{p.gate->fd, POLLOUT, 0});
            ::poll(fds.data(), fds.size(), 50); // a stale fd only wakes us early: send_now re-checks the gate
            std::vector<Pending> again;
            size_t done_bytes = 0;
            for (auto& p : work) {
                size_t n = send_now(*p.gate, std::string_view(p.bytes).substr(p.off));
                bool gone = n == std::string_view::npos;
                if (!gone) p.off += n;
                bool finished = !gone && p.off == p.bytes.size();
                if (!finished && !gone && std::chrono::steady_clock::now() < p.deadline) {
                    again.push_back(std::move(p));
                    continue;
                }
                if (!finished || p.close_after) shut(*p.gate);
                done_bytes += p.bytes.size();
            }
            std::lock_guard lock(mu_);
            queued_bytes_ -= done_bytes;
            for (auto& p : again) pending_.push_back(std::move(p));
        }
    }

    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<Pending> pending_;
    size_t queued_bytes_ = 0;
    std::thread thread_;
};

// Closes HTTP connections that hold a slot without using it: a request not fully received
// within 10 s (slow headers or body), or a keep-alive connection idle for 5 minutes. It only
// shuts the socket down; Pistache then sees the disconnection and cleans up as usual.
class Reaper {
public:
    static Reaper& instance() {
        static Reaper r;
        return r;
    }
    void add(const std::shared_ptr<PeerGate>& gate) {
        std::lock_guard lock(mu_);
        gates_.insert(gate);
    }
    void remove(const std::shared_ptr<PeerGate>& gate) {
        std::lock_guard lock(mu_);
        gates_.erase(gate);
    }

private:
    static constexpr int64_t kRequestMs = 10000;
    static constexpr int64_t kIdleMs = 5 * 60 * 1000;

    Reaper() : thread_([this] { run(); }) { thread_.detach(); }
    void run() {
        for (;;) {
            std::this_thread::sleep_for(std::chrono::seconds(1));
            int64_t now = monotonic_us() / 1000;
            std::vector<std::shared_ptr<PeerGate>> stale;
            {
                std::lock_guard lock(mu_);
                for (const auto& g : gates_) {
                    if (g->busy.load()) continue; // a worker owes this peer a reply
                    int64_t started = g->request_started_ms.load();
                    if ((started && now - started > kRequestMs) || (!started && now - g->last_used_ms.load() > kIdleMs))
                        stale.push_back(g);
                }
            }
            for (const auto& g : stale) shut(*g);
        }
    }
    std::mutex mu_;
    std::unordered_set<std::shared_ptr<PeerGate>> gates_;
    std::thread thread_;
};

void write_through_gate(const std::shared_ptr<PeerGate>& gate, std::string bytes, bool close_after) {
    gate->last_used_ms.store(monotonic_us() / 1000);
    gate->busy.store(false);
    size_t n = send_now(*gate, bytes);
    if (n == std::string_view::npos) return;
    if (n < bytes.size()) return ReplyDrainer::instance().add(gate, bytes.substr(n), close_after);
    if (close_after) shut(*gate);
}

class GatedReply final : public ReplySink {
public:
    GatedReply(std::shared_ptr<PeerGate> gate, bool keep_alive) : gate_(std::move(gate)), keep_alive_(keep_alive) {}
    void send(int status, std::string_view content_type, const Pairs& headers, std::string body) override {
        if (sent_.exchange(true)) return;
        std::string bytes = serialize_response(status, content_type, headers, body, keep_alive_);
        write_through_gate(gate_, std::move(bytes), !keep_alive_);
    }

private:
    std::shared_ptr<PeerGate> gate_;
    bool keep_alive_;
    std::atomic<bool> sent_{false};
};

std::string header_value(const std::shared_ptr<Http::Header::Header>& h) {
    // Pistache 0.0.5 parses Accept into media types but writes nothing back: rebuild it.
    if (auto accept = std::dynamic_pointer_cast<Http::Header::Accept>(h)) {
        std::string v;
        for (const auto& media : accept->media()) {
            if (!v.empty()) v += ", ";
            v += media.toString();
        }
        return v;
    }
    std::ostringstream os;
    h->write(os);
    return os.str();
}

class Handler final : public Http::Handler {
public:
    HTTP_PROTOTYPE(Handler)

    explicit Handler(const RequestSink* sink = nullptr) : sink_(sink) {}

    // Not used: onInput below drives the parser itself (so limits and errors are ours).
    void onRequest(const Http::Request&, Http::ResponseWriter) override {}

    void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override {
        // An exception escaping here would terminate the process (DESIGN.md §3).
        try {
            input(buffer, len, peer);
        } catch (const std::exception& e) {
            spdlog::error("http: {}", e.what());
        } catch (...) {
            spdlog::error("http: unknown exception");
        }
    }

    void onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) override {
        auto it = gates_.find(peer.get());
        if (it != gates_.end()) {
            Reaper::instance().remove(it->second);
            std::lock_guard lock(it->second->mu); // waits out a send in progress (never a blocking one)
            it->second->open = false;
            gates_.erase(it);
        }
        Http::Handler::onDisconnection(peer);
    }

private:
    std::shared_ptr<PeerGate>& gate_for(const std::shared_ptr<Tcp::Peer>& peer) {
        auto& gate = gates_[peer.get()];
        if (!gate) {
            gate = std::make_shared<PeerGate>();
            gate->fd = peer->fd();
            gate->last_used_ms.store(monotonic_us() / 1000);
            Reaper::instance().add(gate);
        }
        return gate;
    }

    // Answers on the reactor thread and closes: the stream is not trustworthy after a bad head.
    static void refuse(const std::shared_ptr<PeerGate>& gate, int status, std::string_view message) {
        std::string body = "{\"error\":\"" + std::string(message) + "\"}";
        write_through_gate(gate, serialize_response(status, "application/json", {}, body, false), true);
    }

    void input(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) {
        auto& gate = gate_for(peer);
        int64_t now = monotonic_us() / 1000;
        gate->last_used_ms.store(now);
        if (gate->request_started_ms.load() == 0) gate->request_started_ms.store(now);
        if (!gate->head_done) {
            size_t keep = std::min(len, kMaxHead + 4 - std::min(gate->head.size(), kMaxHead + 4));
            gate->head.append(buffer, keep);
            size_t line_end = gate->head.find("\r\n");
            if ((line_end == std::string::npos && gate->head.size() > kMaxRequestLine) || line_end > kMaxRequestLine)
                return refuse(gate, 414, "request line too long");
            if (gate->head.find("\r\n\r\n") != std::string::npos) gate->head_done = true;
            else if (gate->head.size() > kMaxHead) return refuse(gate, 431, "request headers too large");
        }
        auto parser = getParser(peer);
        if (!parser->feed(buffer, len)) {
            parser->reset();
            return refuse(gate, 413, "request too large");
        }
        Http::Private::State state;
        try {
            state = parser->parse();
        } catch (const Http::HttpError& e) {
            parser->reset();
            return refuse(gate, e.code() >= 400 && e.code() < 600 ? e.code() : 400, "malformed HTTP request");
        }
        if (state != Http::Private::State::Done) return;
        gate->head.clear();
        gate->head_done = false;
        gate->request_started_ms.store(0);
        gate->busy.store(true); // until the reply is written
        handle(parser->request, peer, gate);
        parser->reset(); // Pistache drops pipelined bytes too; clients wait for each answer
    }

    void handle(const Http::Request& request, const std::shared_ptr<Tcp::Peer>& peer, const std::shared_ptr<PeerGate>& gate) {
        if (!sink_) return;
        auto req = std::make_unique<HttpRequest>();
        req->started_us = monotonic_us();
        req->method = Http::methodString(request.method());
        req->path = request.resource();
        for (auto it = request.query().parameters_begin(); it != request.query().parameters_end(); ++it) {
            auto k = url_decode(it->first, true);
            auto v = url_decode(it->second, true);
            req->query.emplace_back(k ? *k : it->first, v ? *v : it->second);
            if (!k || !v) req->malformed_query = true;
        }
        for (const auto& h : request.headers().list()) req->headers.emplace_back(to_lower(h->name()), header_value(h));
        for (const auto& [name, raw] : request.headers().rawList()) req->headers.emplace_back(to_lower(name), raw.value());
        for (const auto& c : request.cookies()) req->cookies.emplace_back(c.name, c.value);
        req->body = request.body();
        req->ip = client_ip(peer->address().host(), req->header("x-forwarded-for"));
        bool keep_alive = request.version() == Http::Version::Http11;
        if (const std::string* conn = req->header("connection")) {
            std::string v = to_lower(*conn);
            if (v.find("close") != std::string::npos) keep_alive = false;
            else if (v.find("keep-alive") != std::string::npos) keep_alive = true;
        }
        (*sink_)(std::move(req), std::make_unique<GatedReply>(gate, keep_alive));
    }

    const RequestSink* sink_;
    // Only touched on this handler's reactor thread (Pistache clones the handler per transport).
    std::unordered_map<const Tcp::Peer*, std::shared_ptr<PeerGate>> gates_;
};

} // namespace

std::string serialize_response(int status, std::string_view content_type, const Pairs& headers,
                               std::string_view body, bool keep_alive) {
    std::string out;
    out.reserve(256 + body.size());
    out += "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
    bool has_type = false;
    for (const auto& [k, v] : headers) {
        if (iequals(k, "content-length") || iequals(k, "connection")) continue; // ours
        if (k.find_first_of("\r\n:") != std::string::npos || v.find_first_of("\r\n") != std::string::npos) continue; // no header injection
        has_type = has_type || iequals(k, "content-type");
        out += k + ": " + v + "\r\n";
    }
    if (!has_type && status != 204 && status != 304 && !content_type.empty()) {
        out += "Content-Type: ";
        out += content_type;
        if (content_type == "application/json" || content_type.rfind("text/", 0) == 0) out += "; charset=utf-8";
        out += "\r\n";
    }
    out += "X-Content-Type-Options: nosniff\r\n";
    out += keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    if (status != 204 && status != 304) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    out += "\r\n";
    if (status != 204 && status != 304) out += body;
    return out;
}

struct HttpServer::Impl {
    HttpServerOptions options;
    RequestSink sink;
    std::unique_ptr<Http::Endpoint> endpoint;
    uint16_t bound_port = 0;
};

HttpServer::HttpServer(HttpServerOptions options, RequestSink sink) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    impl_->sink = std::move(sink);
}

HttpServer::~HttpServer() { stop(); }

bool HttpServer::start(std::string* error) {
    try {
        Address addr(impl_->options.address, Port(impl_->options.port));
        impl_->endpoint = std::make_unique<Http::Endpoint>(addr);
        auto opts = Http::Endpoint::options()
                        .threads(impl_->options.threads)
                        .flags(Tcp::Options::ReuseAddr)
                        .maxRequestSize(impl_->options.max_request_bytes)
                        .maxResponseSize(64 * 1024);
        impl_->endpoint->init(opts);
        impl_->endpoint->setHandler(Http::make_handler<Handler>(&impl_->sink));
        impl_->endpoint->serveThreaded();
        impl_->bound_port = static_cast<uint16_t>(impl_->endpoint->getPort());
        return true;
    } catch (const std::exception& e) {
        *error = std::string("cannot serve HTTP on ") + impl_->options.address + ":" +
                 std::to_string(impl_->options.port) + ": " + e.what();
        impl_->endpoint.reset();
        return false;
    }
}

void HttpServer::stop() {
    if (impl_ && impl_->endpoint) {
        try {
            impl_->endpoint->shutdown();
        } catch (...) {
        }
        impl_->endpoint.reset();
    }
}

uint16_t HttpServer::port() const { return impl_->bound_port; }

} // namespace cf
