#pragma once
// A tiny blocking WebSocket client over a raw TCP socket, for tests only. It reuses the kernel's
// decoder (unmasked mode) to read server frames and masks what it sends, like a browser.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "kernel/net/ws_frame.h"

namespace cf::net::testing {

class RawWsClient {
 public:
  // rcvbuf > 0 shrinks the receive buffer (before connect) so a test can play a slow consumer.
  explicit RawWsClient(uint16_t port, int rcvbuf = 0) : decoder_(1 << 24, false) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (rcvbuf > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawWsClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawWsClient(const RawWsClient&) = delete;
  RawWsClient& operator=(const RawWsClient&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }

  static std::string request(std::string_view cookie, std::string_view origin = {}, std::string_view path = "/cable",
                             std::string_view extra = {}) {
    std::string r = "GET " + std::string(path) + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n";
    r += "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    if (!cookie.empty()) r += "Cookie: " + std::string(cookie) + "\r\n";
    if (!origin.empty()) r += "Origin: " + std::string(origin) + "\r\n";
    r += extra;
    r += "\r\n";
    return r;
  }

  bool send_raw(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Sends the upgrade request and reads the response head (and a refusal's body).
  // Returns the HTTP status, or 0 on a broken connection.
  int upgrade(const std::string& req, int timeout_ms = 3000) {
    if (!send_raw(req)) return 0;
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill(timeout_ms)) return 0;
    }
    head_ = buf_.substr(0, end + 4);
    buf_.erase(0, end + 4);
    const int status = head_.size() > 12 ? std::atoi(head_.c_str() + 9) : 0;
    if (status != 101) {
      const size_t cl = head_.find("Content-Length: ");
      const size_t len = cl == std::string::npos ? 0 : std::strtoul(head_.c_str() + cl + 16, nullptr, 10);
      while (buf_.size() < len && fill(timeout_ms)) {
      }
      body_ = buf_.substr(0, len);
    }
    return status;
  }
  const std::string& head() const { return head_; }
  const std::string& body() const { return body_; }

  bool send_frame(WsOpcode op, std::string_view payload, bool fin = true) {
    return send_raw(encode_client_frame(op, payload, {0x12, 0x34, 0x56, 0x78}, fin));
  }
  bool send_text(std::string_view payload) { return send_frame(WsOpcode::Text, payload); }

  // The next message from the server, or nullopt on timeout / EOF / undecodable input.
  std::optional<WsMessage> next(int timeout_ms = 3000) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (messages_.empty()) {
      if (!buf_.empty()) {
        std::string bytes;
        bytes.swap(buf_);
        if (decoder_.feed(bytes, [this](WsMessage& m) {
              messages_.push_back(std::move(m));
              return true;
            }) != 0) {
          return std::nullopt;
        }
        continue;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !fill(static_cast<int>(left.count()))) return std::nullopt;
    }
    WsMessage m = std::move(messages_.front());
    messages_.pop_front();
    return m;
  }

  // The next text message's payload ("" if something else came).
  std::string next_text(int timeout_ms = 3000) {
    auto m = next(timeout_ms);
    return m && m->opcode == WsOpcode::Text ? m->payload : std::string();
  }

  // Reads until a Close frame; returns its code (0 if none came).
  uint16_t wait_close(int timeout_ms = 3000) {
    while (auto m = next(timeout_ms)) {
      if (m->opcode == WsOpcode::Close) return m->close_code;
    }
    return 0;
  }

  // True when the server closes the TCP connection within the timeout.
  bool wait_eof(int timeout_ms = 3000) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char tmp[4096];
      const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n <= 0) return true;
    }
  }

 private:
  bool fill(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char tmp[65536];
    const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
  std::string head_, body_;
  WsDecoder decoder_;
  std::deque<WsMessage> messages_;
};

}  // namespace cf::net::testing
