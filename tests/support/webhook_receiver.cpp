#include "tests/support/webhook_receiver.h"

#include "tests/support/http_response.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <memory>
#include <stdexcept>

namespace cf::test {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

// Reads one request (headers, then a Content-Length body); false on timeout or a malformed one.
bool read_request(int fd, WebhookReceiver::Request& out) {
  Deadline deadline = Clock::now() + std::chrono::seconds(10);
  std::string buf;
  size_t head_end;
  while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
    if (buf.size() > 64 * 1024 || recv_some(fd, buf, deadline) <= 0) return false;
  }
  std::string_view head(buf.data(), head_end);
  size_t eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 <= sp1) return false;
  out.method = std::string(line.substr(0, sp1));
  out.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  size_t length = 0;
  std::string_view rest = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
  while (!rest.empty()) {
    size_t end = rest.find("\r\n");
    std::string_view h = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
    size_t colon = h.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name = lower(h.substr(0, colon));
    std::string value(trim_ows(h.substr(colon + 1)));
    if (name == "content-length") std::from_chars(value.data(), value.data() + value.size(), length);
    out.headers.emplace_back(std::move(name), std::move(value));
  }
  std::string body = buf.substr(head_end + 4);
  while (body.size() < length)
    if (recv_some(fd, body, deadline) <= 0) return false;
  out.body = body.substr(0, length);
  return true;
}

}  // namespace

std::string WebhookReceiver::Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

WebhookReceiver::WebhookReceiver() {
  listener_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!listener_.valid()) throw std::runtime_error("webhook receiver: socket failed");
  int one = 1;
  ::setsockopt(listener_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_.get(), 64) != 0)
    throw std::runtime_error("webhook receiver: bind/listen failed");
  socklen_t len = sizeof addr;
  ::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

WebhookReceiver::~WebhookReceiver() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  acceptor_.join();
  for (auto& t : connections_) t.join();  // the acceptor has stopped adding to it
}

std::string WebhookReceiver::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

void WebhookReceiver::set_default_reply(Reply reply) {
  std::lock_guard lock(mu_);
  default_reply_ = std::move(reply);
}

void WebhookReceiver::push_reply(Reply reply) {
  std::lock_guard lock(mu_);
  scripted_.push_back(std::move(reply));
}

bool WebhookReceiver::wait_for(size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

std::vector<WebhookReceiver::Request> WebhookReceiver::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

size_t WebhookReceiver::count() const {
  std::lock_guard lock(mu_);
  return requests_.size();
}

void WebhookReceiver::accept_loop() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    pollfd p{listener_.get(), POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    UniqueFd fd(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (!fd.valid()) continue;
    std::lock_guard lock(mu_);
    connections_.emplace_back([this, owned = std::make_shared<UniqueFd>(std::move(fd))]() mutable {
      serve(std::move(*owned));
    });
  }
}

void WebhookReceiver::serve(UniqueFd fd) {
  Request request;
  if (!read_request(fd.get(), request)) return;
  Reply reply;
  {
    std::unique_lock lock(mu_);
    requests_.push_back(request);
    if (!scripted_.empty()) {
      reply = std::move(scripted_.front());
      scripted_.pop_front();
    } else {
      reply = default_reply_;
    }
    cv_.notify_all();
    if (reply.delay.count() > 0 && cv_.wait_for(lock, reply.delay, [&] { return stopping_; })) return;
  }
  std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason(reply.status) + "\r\n";
  if (!reply.content_type.empty()) out += "Content-Type: " + reply.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\nConnection: close\r\n\r\n" + reply.body;
  send_all(fd.get(), out, Clock::now() + std::chrono::seconds(5));
}

}  // namespace cf::test
