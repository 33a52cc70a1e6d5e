// Loopback TCP helpers shared by the HTTP and WebSocket clients: an owning fd and
// deadline-bounded connect/send/receive, so no test or bench can hang on a stuck server.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace cf::test {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

// Owns one file descriptor; closes it on destruction.
class UniqueFd {
public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();
  void reset(int fd = -1);

private:
  int fd_ = -1;
};

// A blocking TCP connection to 127.0.0.1:port (TCP_NODELAY, close-on-exec), or an invalid fd.
UniqueFd connect_loopback(uint16_t port, Deadline deadline);

// Sends every byte before the deadline; false on error or timeout.
bool send_all(int fd, std::string_view bytes, Deadline deadline);

// Waits until fd is readable; false on timeout.
bool wait_readable(int fd, Deadline deadline);

// Appends what one recv() returns to out. >0 bytes read, 0 on EOF, -1 on error, kTimedOut when the
// deadline passed first (poll() rounds to whole ms, so the clock alone cannot tell these apart).
constexpr long kTimedOut = -2;
long recv_some(int fd, std::string& out, Deadline deadline);

// True when the peer has closed (or reset) an otherwise idle connection.
bool peer_closed(int fd);

}  // namespace cf::test
