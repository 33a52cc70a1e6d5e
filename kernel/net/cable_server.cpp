// CableServer: the owner's handle. Everything but start/stop posts a command to a loop thread.
// With several loops, each socket lives on one (its id says which); commands about a socket go
// to its loop, and room or user broadcasts go to every loop in the same order, so each socket
// still sees events in publish order and the replay fence holds per loop.
#include "kernel/net/cable_server.h"

#include <unistd.h>

#include "kernel/net/cable_loop.h"

namespace cf::net {

namespace {
// An accepted connection on its way to another loop: closed if the command is dropped unrun.
struct PendingFd {
  int fd;
  explicit PendingFd(int f) : fd(f) {}
  PendingFd(const PendingFd&) = delete;
  PendingFd& operator=(const PendingFd&) = delete;
  ~PendingFd() {
    if (fd >= 0) ::close(fd);
  }
  int release() { return std::exchange(fd, -1); }
};
}  // namespace

CableServer::CableServer(CableOptions options, CableCallbacks callbacks) {
  const unsigned n = options.threads == 0 ? 1 : options.threads;
  if (n > 1) options.max_sockets = std::max<size_t>(1, options.max_sockets / n);
  for (unsigned i = 0; i < n; ++i) loops_.push_back(std::make_unique<CableLoop>(options, callbacks));
  for (unsigned i = 0; i < n; ++i) {
    std::function<void(int)> hand_off;
    if (i == 0 && n > 1) {
      hand_off = [this](int fd) {
        auto pending = std::make_shared<PendingFd>(fd);
        unsigned target = next_loop_.fetch_add(1, std::memory_order_relaxed) % loops_.size();
        loops_[target]->post([pending](CableLoop& l) { l.adopt(pending->release()); });
      };
    }
    loops_[i]->shard(i, n, i == 0, std::move(hand_off));
  }
}

CableServer::~CableServer() { stop(); }

bool CableServer::start(std::string* error) {
  if (started_) {
    if (error) *error = "a CableServer starts once";
    return false;
  }
  started_ = true;
  for (auto& loop : loops_)
    if (!loop->open(error)) return false;
  for (auto& loop : loops_) threads_.emplace_back([l = loop.get()] { l->run(); });
  return true;
}

void CableServer::stop() {
  // The accepting loop first, so no connection is handed to a loop that has stopped.
  for (size_t i = 0; i < threads_.size(); ++i) {
    if (!threads_[i].joinable()) continue;
    loops_[i]->request_stop();
    threads_[i].join();
  }
}

uint16_t CableServer::port() const { return loops_[0]->port(); }

CableServer::Stats CableServer::stats() const {
  Stats total{0, 0, 0, 0, 0, 0};
  for (const auto& loop : loops_) {
    Stats s = loop->stats();
    total.sockets += s.sockets;
    total.subscriptions += s.subscriptions;
    total.frames_sent += s.frames_sent;
    total.bytes_sent += s.bytes_sent;
    total.slow_closed += s.slow_closed;
    total.queued_bytes += s.queued_bytes;
  }
  return total;
}

CableLoop& CableServer::loop_for(uint64_t socket_id) const { return *loops_[socket_id % loops_.size()]; }

template <typename F>
void CableServer::each(const F& command) {
  for (auto& loop : loops_) loop->post(command);
}

void CableServer::send(uint64_t socket_id, Frame frame) {
  loop_for(socket_id).post([socket_id, frame = std::move(frame)](CableLoop& l) mutable { l.send(socket_id, std::move(frame)); });
}

void CableServer::send_user(int64_t user_id, Frame frame) {
  each([user_id, frame = std::move(frame)](CableLoop& l) { l.send_user(user_id, frame); });
}

void CableServer::publish(int64_t room_id, int64_t event_id, Frame frame) {
  each([=, frame = std::move(frame)](CableLoop& l) { l.publish(room_id, event_id, frame); });
}

void CableServer::begin_subscribe(uint64_t socket_id, int64_t room_id) {
  loop_for(socket_id).post([=](CableLoop& l) { l.begin_subscribe(socket_id, room_id); });
}

void CableServer::finish_subscribe(uint64_t socket_id, int64_t room_id, std::vector<Frame> replay,
                                   int64_t upto_event_id, Frame subscribed) {
  loop_for(socket_id).post([=, replay = std::move(replay), subscribed = std::move(subscribed)](CableLoop& l) mutable {
    l.finish_subscribe(socket_id, room_id, std::move(replay), upto_event_id, std::move(subscribed));
  });
}

void CableServer::reject_subscribe(uint64_t socket_id, int64_t room_id, Frame error) {
  loop_for(socket_id).post([=, error = std::move(error)](CableLoop& l) mutable {
    l.reject_subscribe(socket_id, room_id, std::move(error));
  });
}

void CableServer::unsubscribe(uint64_t socket_id, int64_t room_id) {
  loop_for(socket_id).post([=](CableLoop& l) { l.unsubscribe(socket_id, room_id); });
}

void CableServer::leave_room(int64_t room_id, int64_t user_id) {
  each([=](CableLoop& l) { l.leave_room(room_id, user_id); });
}

void CableServer::close_user(int64_t user_id, uint16_t code, std::string reason) {
  each([=, reason = std::move(reason)](CableLoop& l) { l.close_user(user_id, code, reason); });
}

void CableServer::close_socket(uint64_t socket_id, uint16_t code, std::string reason) {
  loop_for(socket_id).post([=, reason = std::move(reason)](CableLoop& l) { l.close_socket(socket_id, code, reason); });
}

}  // namespace cf::net
