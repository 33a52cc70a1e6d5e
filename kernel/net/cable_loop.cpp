#include "kernel/net/cable_loop.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "kernel/net/ws_handshake.h"

namespace cf::net {
namespace {

constexpr uint64_t kListenTag = UINT64_MAX;
constexpr uint64_t kWakeTag = UINT64_MAX - 1;
constexpr size_t kReadChunk = 64 * 1024;
constexpr int kReadsPerEvent = 4;  // then let other sockets have a turn (level-triggered: we come back)
constexpr int kAcceptsPerEvent = 256;

std::chrono::milliseconds tick_for(const CableOptions& o) {
  auto t = std::min({o.ping_after, o.dead_after, o.handshake_timeout, o.close_linger}) / 4;
  return std::clamp(t, std::chrono::milliseconds(5), std::chrono::milliseconds(1000));
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

CableLoop::CableLoop(CableOptions options, CableCallbacks callbacks)
    : opt_(std::move(options)), cb_(std::move(callbacks)) {}

CableLoop::~CableLoop() {
  sockets_.clear();
  close_fd(listen_fd_);
  close_fd(wake_fd_);
  close_fd(epoll_fd_);
}

void CableLoop::shard(unsigned index, unsigned stride, bool listens, std::function<void(int fd)> hand_off) {
  id_stride_ = stride;
  next_id_ = index + stride;  // never 0
  listens_ = listens;
  hand_off_ = std::move(hand_off);
}

bool CableLoop::open(std::string* error) {
  auto fail = [&](const std::string& what) {
    if (error) *error = what + ": " + std::strerror(errno);
    close_fd(listen_fd_);
    close_fd(wake_fd_);
    close_fd(epoll_fd_);
    return false;
  };
  if (listens_) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(opt_.port);
    if (::inet_pton(AF_INET, opt_.bind_address.c_str(), &addr.sin_addr) != 1) {
      if (error) *error = "invalid bind address " + opt_.bind_address;
      return false;
    }
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) return fail("socket");
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return fail("bind");
    if (::listen(listen_fd_, 1024) != 0) return fail("listen");
    socklen_t len = sizeof addr;
    if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return fail("getsockname");
    port_ = ntohs(addr.sin_port);
  }

  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return fail("epoll_create1");
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) return fail("eventfd");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeTag;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) return fail("epoll_ctl");
  if (listens_) {
    ev.data.u64 = kListenTag;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev) != 0) return fail("epoll_ctl");
    listening_ = true;
  }
  readbuf_.resize(kReadChunk);
  return true;
}

void CableLoop::post(Command command) {
  bool wake;
  {
    std::lock_guard lock(mu_);
    if (finished_) return;
    wake = commands_.empty();  // one wake-up per batch: the loop drains the whole vector
    commands_.push_back(std::move(command));
  }
  if (wake && wake_fd_ >= 0) {
    const uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }
}

void CableLoop::request_stop() {
  stop_requested_ = true;
  if (wake_fd_ >= 0) {
    const uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }
}

CableServer::Stats CableLoop::stats() const {
  return CableServer::Stats{open_sockets_.load(), subscriptions_.load(), frames_sent_.load(),
                            bytes_sent_.load(),   slow_closed_.load(),   queued_bytes_.load()};
}

void CableLoop::run() {
  const auto tick = tick_for(opt_);
  auto next_sweep = CableClock::now() + tick;
  epoll_event events[256];
  for (;;) {
    auto now = CableClock::now();
    int timeout = 0;
    if (dirty_.empty() && now < next_sweep) {
      timeout = static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(next_sweep - now).count());
    }
    const int n = ::epoll_wait(epoll_fd_, events, 256, timeout);
    if (n < 0 && errno != EINTR) {
      spdlog::error("cable: epoll_wait: {}", std::strerror(errno));
      break;
    }
    for (int i = 0; i < n; ++i) {
      const uint64_t tag = events[i].data.u64;
      if (tag == kListenTag) {
        accept_all();
      } else if (tag == kWakeTag) {
        uint64_t value;
        [[maybe_unused]] auto r = ::read(wake_fd_, &value, sizeof value);
      } else {
        auto it = sockets_.find(tag);
        if (it == sockets_.end()) continue;
        if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(*it->second);
        it = sockets_.find(tag);  // the read may have destroyed it
        if (it != sockets_.end() && (events[i].events & EPOLLOUT)) write(*it->second);
      }
    }
    run_commands();
    if (stop_requested_ && !stopping_) start_shutdown();
    flush_dirty();
    now = CableClock::now();
    if (now >= next_sweep) {
      sweep(now);
      next_sweep = now + tick;
    }
    if (stopping_ && (sockets_.empty() || now >= shutdown_deadline_)) break;
  }
  // Whatever is left (peers that never answered our close) goes now.
  std::vector<uint64_t> ids;
  for (const auto& [id, s] : sockets_) ids.push_back(id);
  for (uint64_t id : ids) destroy(id);
  std::lock_guard lock(mu_);
  finished_ = true;
  commands_.clear();
}

void CableLoop::run_commands() {
  std::vector<Command> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(commands_);
  }
  for (auto& command : batch) guarded("command", [&] { command(*this); });
}

void CableLoop::start_shutdown() {
  stopping_ = true;
  shutdown_deadline_ = CableClock::now() + opt_.close_linger;
  set_listening(false);
  close_fd(listen_fd_);
  std::vector<uint64_t> ids;
  for (const auto& [id, s] : sockets_) ids.push_back(id);
  for (uint64_t id : ids) {
    CableSocket& s = *sockets_.at(id);
    if (s.state == CableSocket::State::Handshake) {
      refuse(s, 503, "shutting down");
    } else if (s.state == CableSocket::State::Open) {
      begin_close(s, close_code::going_away, "server shutting down", false);
    }
  }
}

void CableLoop::set_listening(bool on) {
  if (listen_fd_ < 0 || on == listening_) return;
  epoll_event ev{};
  ev.events = on ? uint32_t{EPOLLIN} : 0u;
  ev.data.u64 = kListenTag;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
  listening_ = on;
}

void CableLoop::accept_all() {
  for (int k = 0; k < kAcceptsPerEvent; ++k) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      // Out of descriptors or memory: stop accepting for a moment instead of spinning.
      spdlog::warn("cable: accept: {}", std::strerror(errno));
      set_listening(false);
      resume_accept_at_ = CableClock::now() + std::chrono::milliseconds(100);
      return;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (hand_off_) {
      hand_off_(fd);  // another loop (or this one, later) adopts it
    } else {
      adopt(fd);
    }
  }
}

void CableLoop::adopt(int fd) {
  if (sockets_.size() >= opt_.max_sockets || stopping_) {
    ::close(fd);
    return;
  }
  const uint64_t id = next_id_;
  next_id_ += id_stride_;
  auto s = std::make_unique<CableSocket>(id, fd, opt_.max_message, CableClock::now());
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = id;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) return;  // s closes the fd
  s->epoll_mask = EPOLLIN;
  sockets_.emplace(id, std::move(s));
}

void CableLoop::on_readable(CableSocket& s) {
  const uint64_t id = s.id();
  for (int k = 0; k < kReadsPerEvent; ++k) {
    const ssize_t n = ::recv(s.fd(), readbuf_.data(), readbuf_.size(), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      destroy(id);
      return;
    }
    if (n == 0) {  // peer closed (without a close frame, or after ours)
      destroy(id);
      return;
    }
    const std::string_view bytes(readbuf_.data(), static_cast<size_t>(n));
    switch (s.state) {
      case CableSocket::State::Handshake: {
        // Parse only once the blank line is in (or the cap is hit): a client trickling one byte
        // at a time must not make us rescan the buffer for each byte.
        const size_t from = s.inbuf.size() >= 3 ? s.inbuf.size() - 3 : 0;
        s.inbuf.append(bytes);
        if (s.inbuf.size() >= opt_.max_header_bytes || s.inbuf.find("\r\n\r\n", from) != std::string::npos) {
          handle_handshake(s);
        }
        break;
      }
      case CableSocket::State::Open:
        s.last_rx = CableClock::now();
        handle_frames(s, bytes);
        break;
      case CableSocket::State::Closing:
        break;  // draining until the peer's FIN or the linger deadline
    }
    if (static_cast<size_t>(n) < readbuf_.size()) return;
  }
}

void CableLoop::handle_handshake(CableSocket& s) {
  HandshakeResult r = parse_upgrade(s.inbuf, opt_.max_header_bytes, opt_.path);
  if (r.status == HandshakeResult::Status::Incomplete) return;
  if (r.status == HandshakeResult::Status::Refused) return refuse(s, r.http_status, r.error);
  if (stopping_) return refuse(s, 503, "shutting down");

  const UpgradeRequest& req = r.request;
  bool origin_ok = true;
  if (cb_.origin_allowed) {
    origin_ok = false;
    guarded("origin_allowed", [&] { origin_ok = cb_.origin_allowed(req.origin, req.host); });
  }
  if (!origin_ok) return refuse(s, 403, "origin not allowed");
  std::optional<int64_t> user;
  if (cb_.authenticate) guarded("authenticate", [&] { user = cb_.authenticate(req.cookie); });
  if (!user) return refuse(s, 401, "not authenticated");

  std::string rest = s.inbuf.substr(r.consumed);
  std::string().swap(s.inbuf);
  Frame response = std::make_shared<const std::string>(upgrade_response(req.key));
  queued_bytes_ += response->size();
  s.enqueue(std::move(response));
  mark_dirty(s);
  become_open(s, *user);
  // A client may pipeline frames behind its request; they belong to the frame stream.
  if (!rest.empty() && s.state == CableSocket::State::Open) handle_frames(s, rest);
}

void CableLoop::handle_frames(CableSocket& s, std::string_view bytes) {
  const uint16_t rc = s.decoder.feed(bytes, [&](WsMessage& m) { return handle_message(s, m); });
  if (rc != 0 && s.state == CableSocket::State::Open) {
    begin_close(s, rc, s.decoder.error_reason(), false);
  }
}

void CableLoop::refuse(CableSocket& s, int status, std::string_view error) {
  s.state = CableSocket::State::Closing;
  std::string().swap(s.inbuf);
  s.close_deadline = CableClock::now() + opt_.close_linger;
  const std::string response = refusal_response(status, error);
  queued_bytes_ += response.size();
  s.enqueue(std::make_shared<const std::string>(response));
  mark_dirty(s);
}

void CableLoop::flush_dirty() {
  std::vector<uint64_t> batch;
  batch.swap(dirty_);
  for (uint64_t id : batch) {
    auto it = sockets_.find(id);
    if (it == sockets_.end()) continue;
    CableSocket& s = *it->second;
    s.dirty = false;
    if (s.slow && s.state == CableSocket::State::Open) {
      ++slow_closed_;
      begin_close(s, close_code::policy_violation, "slow consumer", true);
      s.dirty = false;
    }
    write(s);
  }
  // Reuse the vector's memory, unless a big fan-out made it large.
  if (dirty_.empty() && batch.capacity() <= 4096) {
    batch.clear();
    dirty_.swap(batch);
  }
}

void CableLoop::write(CableSocket& s) {
  uint64_t frames = 0;
  size_t bytes = 0;
  const auto result = s.flush(frames, bytes);
  frames_sent_ += frames;
  bytes_sent_ += bytes;
  queued_bytes_ -= bytes;
  if (result == CableSocket::FlushResult::Error) return destroy(s.id());
  if (result == CableSocket::FlushResult::Done && s.state == CableSocket::State::Closing && !s.write_shut) {
    // Our last bytes are out: send FIN, then drain the peer until its FIN (closing with unread
    // input would send a RST that can destroy the close frame in flight).
    ::shutdown(s.fd(), SHUT_WR);
    s.write_shut = true;
  }
  update_events(s);
}

void CableLoop::update_events(CableSocket& s) {
  const uint32_t mask = EPOLLIN | (s.has_output() ? uint32_t{EPOLLOUT} : 0u);
  if (mask == s.epoll_mask) return;
  epoll_event ev{};
  ev.events = mask;
  ev.data.u64 = s.id();
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, s.fd(), &ev) == 0) s.epoll_mask = mask;
}

void CableLoop::sweep(CableClock::time_point now) {
  if (!listening_ && !stopping_ && now >= resume_accept_at_) set_listening(true);
  static const Frame ping = encode_ping();
  std::vector<uint64_t> dead;
  for (auto& [id, sp] : sockets_) {
    CableSocket& s = *sp;
    switch (s.state) {
      case CableSocket::State::Handshake:
        if (now - s.created >= opt_.handshake_timeout) dead.push_back(id);
        break;
      case CableSocket::State::Open:
        if (now - s.last_rx >= opt_.dead_after) {
          dead.push_back(id);  // silent: no close handshake, just TCP close
        } else if (now - s.last_rx >= opt_.ping_after && now - s.last_ping >= opt_.ping_after) {
          s.last_ping = now;
          queue(s, ping);
        } else if (!s.has_output() && !s.decoder.mid_message()) {
          s.shrink();
        }
        break;
      case CableSocket::State::Closing:
        if (now >= s.close_deadline) dead.push_back(id);
        break;
    }
  }
  for (uint64_t id : dead) destroy(id);
}

void CableLoop::destroy(uint64_t id) {
  auto it = sockets_.find(id);
  if (it == sockets_.end()) return;
  CableSocket& s = *it->second;
  if (s.state == CableSocket::State::Open) leave_open(s);
  queued_bytes_ -= s.queued();
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, s.fd(), nullptr);
  sockets_.erase(it);  // closes the fd
}

}  // namespace cf::net
