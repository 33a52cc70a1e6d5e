// A bot's webhook endpoint inside the test process: an HTTP/1.1 server on 127.0.0.1 (a free port)
// that records every request and answers from a script (status, content type, body, a delay).
// Each connection is served on its own thread, so a delayed answer does not hold up the others.
#pragma once

#include "tests/support/socket.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace cf::test {

class WebhookReceiver {
public:
  struct Request {
    std::string method, target, body;
    std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
    std::string header(std::string_view name) const;          // "" when absent
  };
  struct Reply {
    int status = 200;
    std::string content_type;  // "" sends no Content-Type
    std::string body;
    std::chrono::milliseconds delay{0};  // before answering
  };

  WebhookReceiver();
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  uint16_t port() const { return port_; }
  std::string url(std::string_view path = "/hook") const;  // http://127.0.0.1:<port><path>

  void set_default_reply(Reply reply);  // for requests with no scripted reply (initially 200, empty)
  void push_reply(Reply reply);         // answers the next request, once (first in, first out)

  // Waits until at least n requests have arrived; false on timeout.
  bool wait_for(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::vector<Request> requests() const;
  size_t count() const;

private:
  void accept_loop();
  void serve(UniqueFd fd);

  UniqueFd listener_;
  uint16_t port_ = 0;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Request> requests_;
  std::deque<Reply> scripted_;
  Reply default_reply_;
  bool stopping_ = false;
  std::vector<std::thread> connections_;
  std::thread acceptor_;
};

}  // namespace cf::test
