#pragma once
// The state of one /cable connection, owned by the loop thread: input buffers, the output queue of
// shared frames and the room subscriptions. Kept small when idle (no buffers held).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kernel/net/ws_frame.h"

namespace cf::net {

using CableClock = std::chrono::steady_clock;

// A subscription waiting behind its replay fence: live frames for the room are held here.
struct PendingSubscription {
  int64_t room_id = 0;
  bool was_live = false;
  std::vector<std::pair<int64_t, Frame>> held;  // (event_id, frame)
};

class CableSocket {
 public:
  enum class State : uint8_t { Handshake, Open, Closing };
  enum class FlushResult : uint8_t { Done, Blocked, Error };

  CableSocket(uint64_t id, int fd, size_t max_message, CableClock::time_point now);
  ~CableSocket();  // closes the fd
  CableSocket(const CableSocket&) = delete;
  CableSocket& operator=(const CableSocket&) = delete;

  uint64_t id() const { return id_; }
  int fd() const { return fd_; }

  // Output. queued() counts unsent bytes plus held frames.
  void enqueue(Frame frame);
  size_t queued() const { return unsent_ + held_bytes_; }
  bool has_output() const { return head_ < out_.size(); }
  // Writes as much as the kernel takes with sendmsg (up to 64 frames per call, MSG_NOSIGNAL).
  FlushResult flush(uint64_t& frames_done, size_t& bytes_done);
  // Drops every frame not yet started (a partly written one must finish, or the stream breaks).
  // Returns the bytes dropped.
  size_t drop_unsent();

  // Subscriptions.
  bool is_live(int64_t room) const;
  void add_live(int64_t room);
  bool remove_live(int64_t room);
  PendingSubscription* pending(int64_t room);
  PendingSubscription& add_pending(int64_t room, bool was_live);
  // Removes the pending subscription, handing its held frames to `held_out` when given;
  // returns the bytes they counted.
  size_t remove_pending(int64_t room, std::vector<std::pair<int64_t, Frame>>* held_out = nullptr);
  size_t hold(PendingSubscription& p, int64_t event_id, Frame frame);
  const std::vector<int64_t>& live_rooms() const { return rooms_; }
  const std::vector<PendingSubscription>& pending_rooms() const { return pending_; }
  size_t subscription_count() const { return rooms_.size() + pending_.size(); }
  // Forgets every subscription; returns the held bytes released.
  size_t clear_subscriptions();

  // Frees memory kept from bursts once the socket is idle.
  void shrink();

  State state = State::Handshake;
  int64_t user_id = 0;
  bool opened = false;       // on_open was called (so on_close is owed)
  bool dirty = false;        // in the loop's flush list
  bool slow = false;         // passed max_queue_bytes: to be closed with 1008
  bool write_shut = false;   // SHUT_WR done after our close frame
  uint32_t epoll_mask = 0;   // events registered with epoll
  CableClock::time_point created;
  CableClock::time_point last_rx;    // last frame (any kind) from the peer
  CableClock::time_point last_ping;  // last ping we sent
  CableClock::time_point close_deadline;
  std::string inbuf;  // upgrade request bytes, only during the handshake
  WsDecoder decoder;

 private:
  void compact();

  uint64_t id_;
  int fd_;
  std::vector<Frame> out_;
  size_t head_ = 0;    // first frame not completely written
  size_t offset_ = 0;  // bytes of out_[head_] already written
  size_t unsent_ = 0;
  size_t held_bytes_ = 0;
  std::vector<int64_t> rooms_;
  std::vector<PendingSubscription> pending_;
};

}  // namespace cf::net
