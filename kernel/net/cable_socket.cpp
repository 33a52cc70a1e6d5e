#include "kernel/net/cable_socket.h"

#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace cf::net {
namespace {
constexpr size_t kMaxIov = 64;
}

CableSocket::CableSocket(uint64_t id, int fd, size_t max_message, CableClock::time_point now)
    : created(now), last_rx(now), last_ping(now), close_deadline(now), decoder(max_message), id_(id), fd_(fd) {}

CableSocket::~CableSocket() {
  if (fd_ >= 0) ::close(fd_);
}

void CableSocket::enqueue(Frame frame) {
  if (!frame || frame->empty()) return;
  unsent_ += frame->size();
  out_.push_back(std::move(frame));
}

CableSocket::FlushResult CableSocket::flush(uint64_t& frames_done, size_t& bytes_done) {
  while (head_ < out_.size()) {
    iovec iov[kMaxIov];
    size_t count = 0;
    for (size_t i = head_; i < out_.size() && count < kMaxIov; ++i, ++count) {
      const std::string& s = *out_[i];
      const size_t skip = i == head_ ? offset_ : 0;
      iov[count].iov_base = const_cast<char*>(s.data() + skip);
      iov[count].iov_len = s.size() - skip;
    }
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = count;
    const ssize_t n = ::sendmsg(fd_, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        compact();
        return FlushResult::Blocked;
      }
      return FlushResult::Error;
    }
    size_t left = static_cast<size_t>(n);
    bytes_done += left;
    unsent_ -= left;
    while (left > 0) {
      const size_t rest = out_[head_]->size() - offset_;
      if (left < rest) {
        offset_ += left;
        break;
      }
      left -= rest;
      out_[head_].reset();  // release our share of the frame now
      ++head_;
      offset_ = 0;
      ++frames_done;
    }
    if (static_cast<size_t>(n) == 0) return FlushResult::Blocked;
  }
  out_.clear();
  head_ = 0;
  offset_ = 0;
  return FlushResult::Done;
}

void CableSocket::compact() {
  // Under a steady backlog the queue never drains; drop the spent slots now and then.
  if (head_ >= 64 && head_ * 2 >= out_.size()) {
    out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

size_t CableSocket::drop_unsent() {
  size_t dropped = 0;
  const size_t keep = head_ + (offset_ > 0 ? 1 : 0);
  for (size_t i = keep; i < out_.size(); ++i) dropped += out_[i]->size();
  out_.resize(keep);
  unsent_ -= dropped;
  return dropped;
}

bool CableSocket::is_live(int64_t room) const { return std::find(rooms_.begin(), rooms_.end(), room) != rooms_.end(); }

void CableSocket::add_live(int64_t room) {
  if (!is_live(room)) rooms_.push_back(room);
}

bool CableSocket::remove_live(int64_t room) {
  const auto it = std::find(rooms_.begin(), rooms_.end(), room);
  if (it == rooms_.end()) return false;
  *it = rooms_.back();
  rooms_.pop_back();
  return true;
}

PendingSubscription* CableSocket::pending(int64_t room) {
  for (auto& p : pending_) {
    if (p.room_id == room) return &p;
  }
  return nullptr;
}

PendingSubscription& CableSocket::add_pending(int64_t room, bool was_live) {
  PendingSubscription p;
  p.room_id = room;
  p.was_live = was_live;
  pending_.push_back(std::move(p));
  return pending_.back();
}

size_t CableSocket::remove_pending(int64_t room, std::vector<std::pair<int64_t, Frame>>* held_out) {
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->room_id != room) continue;
    size_t bytes = 0;
    for (const auto& h : it->held) bytes += h.second->size();
    held_bytes_ -= bytes;
    if (held_out) *held_out = std::move(it->held);
    pending_.erase(it);
    return bytes;
  }
  return 0;
}

size_t CableSocket::hold(PendingSubscription& p, int64_t event_id, Frame frame) {
  if (!frame) return 0;
  const size_t n = frame->size();
  held_bytes_ += n;
  p.held.emplace_back(event_id, std::move(frame));
  return n;
}

size_t CableSocket::clear_subscriptions() {
  const size_t bytes = held_bytes_;
  held_bytes_ = 0;
  rooms_.clear();
  pending_.clear();
  return bytes;
}

void CableSocket::shrink() {
  if (out_.empty() && out_.capacity() > 0) std::vector<Frame>().swap(out_);
  if (pending_.empty() && pending_.capacity() > 0) std::vector<PendingSubscription>().swap(pending_);
  if (state != State::Handshake && inbuf.capacity() > 0) std::string().swap(inbuf);
  decoder.shrink();
}

}  // namespace cf::net
