#pragma once
// A CableServer on an ephemeral loopback port with callbacks that record what happened.
// Cookie "session_token=u<N>" authenticates as user N; Origin must be empty or http://localhost.
// on_open sends {"type":"welcome","socket_id":S} so a client learns its socket id.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "kernel/net/cable_server.h"
#include "tests/unit/net/raw_ws_client.h"

namespace cf::net::testing {

class CableFixture : public ::testing::Test {
 protected:
  // Stop first: the callbacks use the members below.
  void TearDown() override { server_.reset(); }

  CableOptions options() {
    CableOptions o;
    o.bind_address = "127.0.0.1";
    o.close_linger = std::chrono::milliseconds(1000);
    return o;
  }

  void start(CableOptions o) {
    CableCallbacks cb;
    cb.authenticate = [](std::string_view cookie) -> std::optional<int64_t> {
      const auto at = cookie.find("session_token=u");
      if (at == std::string_view::npos) return std::nullopt;
      return std::stoll(std::string(cookie.substr(at + 15)));
    };
    cb.origin_allowed = [](std::string_view origin, std::string_view host) {
      return origin.empty() || origin == "http://" + std::string(host);
    };
    cb.on_open = [this](uint64_t sid, int64_t uid) {
      server_->send(sid, encode_text(R"({"type":"welcome","socket_id":)" + std::to_string(sid) + "}"));
      record(opened_, sid, uid);
    };
    cb.on_message = [this](uint64_t sid, int64_t, std::string m) {
      std::lock_guard lock(mu_);
      messages_.emplace_back(sid, std::move(m));
      cv_.notify_all();
    };
    cb.on_close = [this](uint64_t sid, int64_t uid) { record(closed_, sid, uid); };
    server_ = std::make_unique<CableServer>(std::move(o), std::move(cb));
    std::string error;
    ASSERT_TRUE(server_->start(&error)) << error;
  }

  // Connects user `uid`, completes the handshake, returns the socket id from the welcome.
  uint64_t open(RawWsClient& c, int64_t uid) {
    EXPECT_EQ(c.upgrade(RawWsClient::request("session_token=u" + std::to_string(uid))), 101);
    const std::string welcome = c.next_text();
    const auto at = welcome.find("\"socket_id\":");
    EXPECT_NE(at, std::string::npos) << welcome;
    return at == std::string::npos ? 0 : std::stoull(welcome.substr(at + 12));
  }

  template <typename Pred>
  bool wait_for(Pred pred, int timeout_ms = 3000) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), pred);
  }

  // Polls a condition on the server's stats (updated by the loop after the bytes left).
  template <typename Pred>
  static bool eventually(Pred pred, int timeout_ms = 3000) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!pred()) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }

  void record(std::vector<std::pair<uint64_t, int64_t>>& into, uint64_t sid, int64_t uid) {
    std::lock_guard lock(mu_);
    into.emplace_back(sid, uid);
    cv_.notify_all();
  }

  std::unique_ptr<CableServer> server_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::pair<uint64_t, int64_t>> opened_, closed_;
  std::vector<std::pair<uint64_t, std::string>> messages_;
};

}  // namespace cf::net::testing
