// A stand-in push service for tests: an HTTP/1.1 server on 127.0.0.1 (an ephemeral port) that
// records every request it receives and answers 201, or the status set for a path (e.g. 410 to
// say a subscription has expired). Keep-alive and several connections at once, like a real one.
#pragma once

#include "tests/support/socket.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cf::test {

struct ReceivedPush {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class PushReceiver {
public:
  PushReceiver();  // listening when constructed
  ~PushReceiver();
  PushReceiver(const PushReceiver&) = delete;
  PushReceiver& operator=(const PushReceiver&) = delete;

  uint16_t port() const { return port_; }
  // "http://127.0.0.1:<port><path>"
  std::string url(const std::string& path) const;

  // The status answered for requests to `path` (default 201).
  void answer(const std::string& path, int status);

  // Waits until `count` requests to `path` have arrived; all of them so far.
  std::vector<ReceivedPush> wait_for(const std::string& path, size_t count, std::chrono::milliseconds timeout);
  std::vector<ReceivedPush> received(const std::string& path) const;
  size_t total() const;

private:
  void accept_loop();
  void serve(UniqueFd fd);

  UniqueFd listener_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::condition_variable arrived_;
  std::vector<ReceivedPush> requests_;
  std::map<std::string, int> statuses_;
  std::vector<std::thread> connections_;
};

}  // namespace cf::test
