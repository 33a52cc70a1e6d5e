#pragma once
// The kernel's WebSocket server for /cable: its own epoll loop on its own port (Pistache cannot do
// WebSocket and keys its write queue by fd number, which is unsafe for fan-out; DESIGN.md §3).
//
// Threading: start() and stop() belong to the owner. Every other member is thread-safe: it posts a
// command to the loop thread and returns at once. Callbacks run on the loop thread and must not
// block; they may call the posting members (the command runs on a later loop iteration) but never
// stop().
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "kernel/net/ws_frame.h"

namespace cf::net {

struct CableOptions {
  std::string bind_address = "0.0.0.0";
  uint16_t port = 0;  // 0 = ephemeral
  std::string path = "/cable";
  size_t max_message = 64 * 1024;            // reassembled client message, else close 1009
  size_t max_queue_bytes = 4 * 1024 * 1024;  // unsent output per socket, else close 1008
  size_t max_header_bytes = 8192;            // upgrade request, else 431
  size_t max_sockets = 200000;               // beyond this new connections are refused at once
  std::chrono::milliseconds ping_after{25000};         // ping a socket quiet this long
  std::chrono::milliseconds dead_after{60000};         // drop a socket silent this long
  std::chrono::milliseconds handshake_timeout{10000};  // upgrade request must be complete by then
  std::chrono::milliseconds close_linger{2000};        // wait for the peer after our close frame
  unsigned threads = 1;  // event loops; sockets are spread over them, room publishes go to all
};

struct CableCallbacks {
  // Loop thread, during the handshake. The user id for this Cookie header, or nullopt (-> 401).
  std::function<std::optional<int64_t>(std::string_view cookie_header)> authenticate;
  // Loop thread. Return false -> 403. `origin` may be empty (non-browser clients). Unset = allow.
  std::function<bool(std::string_view origin, std::string_view host)> origin_allowed;
  // Loop thread, after the 101 was queued; the handler typically sends the welcome frame.
  std::function<void(uint64_t socket_id, int64_t user_id)> on_open;
  // Loop thread, for each complete text message (valid UTF-8). Must return quickly (hand off).
  std::function<void(uint64_t socket_id, int64_t user_id, std::string message)> on_message;
  // Loop thread, once for every socket that had on_open, when it stops being usable.
  std::function<void(uint64_t socket_id, int64_t user_id)> on_close;
};

class CableLoop;

class CableServer {
 public:
  CableServer(CableOptions options, CableCallbacks callbacks);
  ~CableServer();  // stop()s
  CableServer(const CableServer&) = delete;
  CableServer& operator=(const CableServer&) = delete;

  bool start(std::string* error);  // bind + listen, start the loop thread; once per server
  void stop();                     // close every socket with 1001 (waits up to close_linger), join
  uint16_t port() const;           // the bound port

  void send(uint64_t socket_id, Frame frame);
  void send_user(int64_t user_id, Frame frame);  // every socket of a user
  // To every socket subscribed to the room; event_id 0 = ephemeral.
  void publish(int64_t room_id, int64_t event_id, Frame frame);

  // Replay fence: between begin and finish, frames published to the room are held for this socket.
  // finish sends `replay`, then `subscribed`, then the held frames with event_id > upto_event_id
  // (ephemeral ones always); from then on the socket is live for the room. reject drops the held
  // frames and sends `error`. Held frames count against max_queue_bytes.
  void begin_subscribe(uint64_t socket_id, int64_t room_id);
  void finish_subscribe(uint64_t socket_id, int64_t room_id, std::vector<Frame> replay, int64_t upto_event_id,
                        Frame subscribed);
  void reject_subscribe(uint64_t socket_id, int64_t room_id, Frame error);
  void unsubscribe(uint64_t socket_id, int64_t room_id);
  void leave_room(int64_t room_id, int64_t user_id);  // unsubscribe all of a user's sockets
  void close_user(int64_t user_id, uint16_t code, std::string reason);
  void close_socket(uint64_t socket_id, uint16_t code, std::string reason);

  struct Stats {
    size_t sockets;        // open WebSockets (past the handshake)
    size_t subscriptions;  // live and pending
    uint64_t frames_sent;
    uint64_t bytes_sent;
    uint64_t slow_closed;
    size_t queued_bytes;  // unsent output plus held frames, all sockets
  };
  Stats stats() const;  // atomics, cheap

 private:
  CableLoop& loop_for(uint64_t socket_id) const;  // the loop that owns a socket
  template <typename F>
  void each(const F& command);  // post to every loop, in the same order on each

  std::vector<std::unique_ptr<CableLoop>> loops_;
  std::vector<std::thread> threads_;
  std::atomic<unsigned> next_loop_{0};
  bool started_ = false;
};

}  // namespace cf::net
