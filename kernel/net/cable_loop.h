#pragma once
// The /cable event loop behind CableServer: one thread, level-triggered epoll, a command queue
// woken by an eventfd. Everything here runs on the loop thread except post(), request_stop()
// and stats().
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kernel/net/cable_server.h"
#include "kernel/net/cable_socket.h"

namespace cf::net {

class CableLoop {
 public:
  using Command = std::function<void(CableLoop&)>;

  CableLoop(CableOptions options, CableCallbacks callbacks);
  ~CableLoop();
  CableLoop(const CableLoop&) = delete;
  CableLoop& operator=(const CableLoop&) = delete;

  // Sharding: this loop is number `index` of `stride`; its socket ids are index + k*stride, so
  // an id names its loop. Only the loop that `listens` accepts; it gives each connection to
  // `hand_off` (which picks a loop and posts adopt() there). Set before open().
  void shard(unsigned index, unsigned stride, bool listens, std::function<void(int fd)> hand_off);
  bool open(std::string* error);  // listening socket (if it listens), epoll, eventfd
  void adopt(int fd);              // loop thread: take an accepted connection
  void run();                     // the loop thread's body; returns after request_stop()
  void post(Command command);     // any thread
  void request_stop();            // any thread
  uint16_t port() const { return port_; }
  CableServer::Stats stats() const;

  // Commands (loop thread), see CableServer.
  void send(uint64_t socket_id, Frame frame);
  void send_user(int64_t user_id, const Frame& frame);
  void publish(int64_t room_id, int64_t event_id, const Frame& frame);
  void begin_subscribe(uint64_t socket_id, int64_t room_id);
  void finish_subscribe(uint64_t socket_id, int64_t room_id, std::vector<Frame> replay, int64_t upto_event_id,
                        Frame subscribed);
  void reject_subscribe(uint64_t socket_id, int64_t room_id, Frame error);
  void unsubscribe(uint64_t socket_id, int64_t room_id);
  void leave_room(int64_t room_id, int64_t user_id);
  void close_user(int64_t user_id, uint16_t code, const std::string& reason);
  void close_socket(uint64_t socket_id, uint16_t code, const std::string& reason);

 private:
  // I/O and lifecycle (cable_loop.cpp).
  void accept_all();
  void on_readable(CableSocket& s);
  void handle_handshake(CableSocket& s);
  void handle_frames(CableSocket& s, std::string_view bytes);
  bool handle_message(CableSocket& s, WsMessage& m);
  void run_commands();
  void start_shutdown();
  void sweep(CableClock::time_point now);
  void flush_dirty();
  void write(CableSocket& s);
  void update_events(CableSocket& s);
  void refuse(CableSocket& s, int status, std::string_view error);
  void destroy(uint64_t id);
  void set_listening(bool on);

  // Output and the room index (cable_hub.cpp).
  CableSocket* find_open(uint64_t id);
  void queue(CableSocket& s, Frame frame);  // app output: bounded, marks the socket dirty
  void mark_dirty(CableSocket& s);
  void begin_close(CableSocket& s, uint16_t code, std::string_view reason, bool drop_unsent);
  void close_with(CableSocket& s, Frame close_frame, bool drop_unsent);
  void become_open(CableSocket& s, int64_t user_id);
  void leave_open(CableSocket& s);  // unindex, on_close
  void room_remove(int64_t room_id, uint64_t socket_id);

  template <typename F>
  void guarded(const char* what, F&& f);  // a callback that throws must not kill the loop

  CableOptions opt_;
  CableCallbacks cb_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  uint16_t port_ = 0;
  bool listening_ = false;
  CableClock::time_point resume_accept_at_{};
  bool stopping_ = false;
  CableClock::time_point shutdown_deadline_{};

  std::mutex mu_;
  std::vector<Command> commands_;
  std::atomic<bool> stop_requested_{false};
  bool finished_ = false;  // under mu_: the loop is gone, posts are dropped (no unbounded pile-up)

  uint64_t next_id_ = 1;  // socket ids are never reused
  uint64_t id_stride_ = 1;
  bool listens_ = true;
  std::function<void(int fd)> hand_off_;
  std::unordered_map<uint64_t, std::unique_ptr<CableSocket>> sockets_;
  std::unordered_map<int64_t, std::unordered_set<uint64_t>> rooms_;  // live and pending subscribers
  std::unordered_map<int64_t, std::vector<uint64_t>> users_;
  std::vector<uint64_t> dirty_;
  std::string readbuf_;

  std::atomic<size_t> open_sockets_{0};
  std::atomic<size_t> subscriptions_{0};
  std::atomic<uint64_t> frames_sent_{0};
  std::atomic<uint64_t> bytes_sent_{0};
  std::atomic<uint64_t> slow_closed_{0};
  std::atomic<size_t> queued_bytes_{0};
};

}  // namespace cf::net

#include <spdlog/spdlog.h>

#include <exception>

namespace cf::net {

template <typename F>
void CableLoop::guarded(const char* what, F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    spdlog::error("cable: {} threw: {}", what, e.what());
  } catch (...) {
    spdlog::error("cable: {} threw", what);
  }
}

}  // namespace cf::net
