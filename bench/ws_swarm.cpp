#include "bench/ws_swarm.h"

#include "tests/support/ws_frame.h"
#include "tests/support/ws_handshake.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <stdexcept>

namespace cf::bench {

std::vector<SwarmConn> open_swarm(size_t n, uint16_t port, const std::string& cookie, const std::string& origin,
                                  test::Deadline deadline, int* first_status) {
  std::vector<SwarmConn> conns(n);
  if (first_status) *first_status = 101;
  for (auto& conn : conns) {
    if (test::Clock::now() >= deadline) break;
    conn.fd = test::connect_loopback(port, deadline);
    if (!conn.fd.valid()) {
      if (first_status && *first_status == 101) *first_status = 0;
      continue;
    }
    test::WsHandshake handshake = test::ws_handshake(conn.fd.get(), port, cookie, origin, deadline);
    if (!handshake.accepted) {
      if (first_status && *first_status == 101) *first_status = handshake.status;
      conn.fd.reset();
      continue;
    }
    conn.buffer = std::move(handshake.leftover);
    ::fcntl(conn.fd.get(), F_SETFL, ::fcntl(conn.fd.get(), F_GETFL) | O_NONBLOCK);
    conn.open = true;
  }
  return conns;
}

bool swarm_send(SwarmConn& conn, std::string_view text) {
  return conn.open &&
         test::send_all(conn.fd.get(), test::encode_client_frame(test::kText, text), test::Clock::now() + std::chrono::seconds(5));
}

SwarmReader::SwarmReader(std::span<SwarmConn> conns, size_t index_base)
    : conns_(conns), index_base_(index_base), epoll_(::epoll_create1(EPOLL_CLOEXEC)), chunk_(256 * 1024) {
  if (!epoll_.valid()) throw std::runtime_error("epoll_create1 failed");
  for (size_t i = 0; i < conns_.size(); ++i) {
    if (!conns_[i].open) continue;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, conns_[i].fd.get(), &ev) != 0)
      throw std::runtime_error("epoll_ctl failed");
  }
}

size_t SwarmReader::poll_once(int timeout_ms, const OnText& on_text) {
  epoll_event events[256];
  int n = ::epoll_wait(epoll_.get(), events, 256, timeout_ms);
  size_t closed = 0;
  for (int i = 0; i < n; ++i) closed += read_conn(events[i].data.u64, on_text);
  return closed;
}

size_t SwarmReader::read_conn(size_t local, const OnText& on_text) {
  SwarmConn& conn = conns_[local];
  if (!conn.open) return 0;
  ssize_t n = ::recv(conn.fd.get(), chunk_.data(), chunk_.size(), MSG_DONTWAIT);
  bool lost = n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
  if (n > 0) conn.buffer.append(chunk_.data(), static_cast<size_t>(n));

  std::string_view data = conn.buffer;
  size_t used = 0;
  test::WsFrame frame;
  while (size_t size = test::parse_frame(data.substr(used), frame)) {
    used += size;
    if (frame.opcode == test::kText || frame.opcode == test::kContinuation) {
      on_text(index_base_ + local, frame.payload);  // server frames are never masked
    } else if (frame.opcode == test::kPing) {
      test::send_all(conn.fd.get(), test::encode_client_frame(test::kPong, frame.payload),
                     test::Clock::now() + std::chrono::seconds(1));
    } else if (frame.opcode == test::kClose) {
      conn.close_code = test::close_code_of(frame.payload);
      lost = true;
      break;
    }
  }
  conn.buffer.erase(0, used);
  if (!lost) return 0;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, conn.fd.get(), nullptr);
  conn.fd.reset();
  conn.buffer.clear();
  conn.open = false;
  return 1;
}

}  // namespace cf::bench
