// Many WebSocket connections read by epoll loops (never a thread per socket). Used by the
// fanout and idle scenarios.
#pragma once

#include "tests/support/socket.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cf::bench {

struct SwarmConn {
  test::UniqueFd fd;
  std::string buffer;  // received bytes not yet parsed into frames
  bool open = false;
  int close_code = 0;  // the server's close code, if it sent one
};

// Opens n connections one after another (each handshake bounded by the deadline).
// Returns them all; those that failed have open == false. *first_status: the first refusal's status.
std::vector<SwarmConn> open_swarm(size_t n, uint16_t port, const std::string& cookie, const std::string& origin,
                                  test::Deadline deadline, int* first_status = nullptr);

// Sends one text frame (masked) on a connection; false on failure.
bool swarm_send(SwarmConn& conn, std::string_view text);

// One epoll instance watching a slice of the swarm.
class SwarmReader {
public:
  using OnText = std::function<void(size_t index, std::string_view text)>;
  // index_base: the slice's offset in the whole swarm, so callbacks see swarm-wide indices.
  SwarmReader(std::span<SwarmConn> conns, size_t index_base);
  // Waits up to timeout_ms for readable sockets, reads them, and calls on_text per text frame
  // (pings are answered; closes are recorded). Returns how many sockets closed in this call.
  size_t poll_once(int timeout_ms, const OnText& on_text);

private:
  size_t read_conn(size_t local, const OnText& on_text);

  std::span<SwarmConn> conns_;
  size_t index_base_;
  test::UniqueFd epoll_;
  std::vector<char> chunk_;
};

}  // namespace cf::bench
