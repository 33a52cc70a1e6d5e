// The loop's output side: queuing shared frames, closing, and the room/user index with the
// replay fence. Loop thread only.
#include <rapidjson/document.h>

#include "kernel/net/cable_loop.h"

namespace cf::net {
namespace {

// {"type":"ping"} (any spacing or extra members) is answered by the server itself.
bool is_ping_message(const std::string& text) {
  if (text.size() > 256 || text.find("ping") == std::string::npos) return false;
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  const auto it = doc.FindMember("type");
  return it != doc.MemberEnd() && it->value.IsString() && std::string_view(it->value.GetString()) == "ping";
}

}  // namespace

CableSocket* CableLoop::find_open(uint64_t id) {
  const auto it = sockets_.find(id);
  if (it == sockets_.end() || it->second->state != CableSocket::State::Open) return nullptr;
  return it->second.get();
}

void CableLoop::mark_dirty(CableSocket& s) {
  if (s.dirty) return;
  s.dirty = true;
  dirty_.push_back(s.id());
}

void CableLoop::queue(CableSocket& s, Frame frame) {
  if (!frame || s.slow || s.state != CableSocket::State::Open) return;
  queued_bytes_ += frame->size();
  s.enqueue(std::move(frame));
  // Over the bound: closed (1008) in flush_dirty, not here, so fan-out loops never see the
  // index change under them.
  if (s.queued() > opt_.max_queue_bytes) s.slow = true;
  mark_dirty(s);
}

void CableLoop::become_open(CableSocket& s, int64_t user_id) {
  s.state = CableSocket::State::Open;
  s.user_id = user_id;
  s.last_rx = s.last_ping = CableClock::now();
  users_[user_id].push_back(s.id());
  ++open_sockets_;
  s.opened = true;
  if (cb_.on_open) guarded("on_open", [&] { cb_.on_open(s.id(), user_id); });
}

void CableLoop::leave_open(CableSocket& s) {
  s.state = CableSocket::State::Closing;
  for (int64_t room : s.live_rooms()) room_remove(room, s.id());
  for (const auto& p : s.pending_rooms()) room_remove(p.room_id, s.id());
  subscriptions_ -= s.subscription_count();
  queued_bytes_ -= s.clear_subscriptions();
  if (auto it = users_.find(s.user_id); it != users_.end()) {
    std::erase(it->second, s.id());
    if (it->second.empty()) users_.erase(it);
  }
  --open_sockets_;
  if (s.opened && cb_.on_close) guarded("on_close", [&] { cb_.on_close(s.id(), s.user_id); });
}

void CableLoop::room_remove(int64_t room_id, uint64_t socket_id) {
  const auto it = rooms_.find(room_id);
  if (it == rooms_.end()) return;
  it->second.erase(socket_id);
  if (it->second.empty()) rooms_.erase(it);
}

void CableLoop::begin_close(CableSocket& s, uint16_t code, std::string_view reason, bool drop_unsent) {
  close_with(s, encode_close(code, reason), drop_unsent);
}

void CableLoop::close_with(CableSocket& s, Frame close_frame, bool drop_unsent) {
  if (s.state != CableSocket::State::Open) return;
  leave_open(s);
  if (drop_unsent) queued_bytes_ -= s.drop_unsent();
  queued_bytes_ += close_frame->size();
  s.enqueue(std::move(close_frame));
  s.close_deadline = CableClock::now() + opt_.close_linger;
  mark_dirty(s);
}

bool CableLoop::handle_message(CableSocket& s, WsMessage& m) {
  static const Frame pong_text = encode_text(R"({"type":"pong"})");
  switch (m.opcode) {
    case WsOpcode::Text:
      if (is_ping_message(m.payload)) {
        queue(s, pong_text);
      } else if (cb_.on_message) {
        guarded("on_message", [&] { cb_.on_message(s.id(), s.user_id, std::move(m.payload)); });
      }
      break;
    case WsOpcode::Binary:
      begin_close(s, close_code::unsupported_data, "binary frames are not supported", false);
      break;
    case WsOpcode::Ping:
      queue(s, encode_pong(m.payload));
      break;
    case WsOpcode::Close:
      // Echo the peer's code (none if it sent none), then close.
      close_with(s,
                 m.close_code == close_code::no_status
                     ? std::make_shared<const std::string>(encode_frame(WsOpcode::Close, {}))
                     : encode_close(m.close_code, {}),
                 false);
      break;
    default:
      break;  // pong: last_rx already counts it
  }
  return s.state == CableSocket::State::Open;
}

void CableLoop::send(uint64_t socket_id, Frame frame) {
  if (CableSocket* s = find_open(socket_id)) queue(*s, std::move(frame));
}

void CableLoop::send_user(int64_t user_id, const Frame& frame) {
  const auto it = users_.find(user_id);
  if (it == users_.end()) return;
  for (uint64_t id : it->second) send(id, frame);
}

void CableLoop::publish(int64_t room_id, int64_t event_id, const Frame& frame) {
  const auto it = rooms_.find(room_id);
  if (it == rooms_.end() || !frame) return;
  for (uint64_t id : it->second) {
    CableSocket* s = find_open(id);
    if (!s || s->slow) continue;
    if (PendingSubscription* p = s->pending(room_id)) {
      queued_bytes_ += s->hold(*p, event_id, frame);  // behind the replay fence
      if (s->queued() > opt_.max_queue_bytes) {
        s->slow = true;
        mark_dirty(*s);
      }
    } else {
      queue(*s, frame);
    }
  }
}

void CableLoop::begin_subscribe(uint64_t socket_id, int64_t room_id) {
  CableSocket* s = find_open(socket_id);
  if (!s || s->pending(room_id)) return;
  const bool was_live = s->remove_live(room_id);
  s->add_pending(room_id, was_live);
  if (!was_live) {
    rooms_[room_id].insert(socket_id);
    ++subscriptions_;
  }
}

void CableLoop::finish_subscribe(uint64_t socket_id, int64_t room_id, std::vector<Frame> replay,
                                 int64_t upto_event_id, Frame subscribed) {
  CableSocket* s = find_open(socket_id);
  if (!s) return;
  for (auto& f : replay) queue(*s, std::move(f));
  queue(*s, std::move(subscribed));
  std::vector<std::pair<int64_t, Frame>> held;
  if (s->pending(room_id)) {
    queued_bytes_ -= s->remove_pending(room_id, &held);
  } else if (!s->is_live(room_id)) {
    rooms_[room_id].insert(socket_id);  // finish without begin: subscribe now
    ++subscriptions_;
  }
  s->add_live(room_id);
  // Held frames the replay already covered are dropped; ephemeral ones (id 0) always go out.
  for (auto& [event_id, frame] : held) {
    if (event_id == 0 || event_id > upto_event_id) queue(*s, std::move(frame));
  }
}

void CableLoop::reject_subscribe(uint64_t socket_id, int64_t room_id, Frame error) {
  CableSocket* s = find_open(socket_id);
  if (!s) return;
  if (s->pending(room_id)) {
    queued_bytes_ -= s->remove_pending(room_id);
    room_remove(room_id, socket_id);
    --subscriptions_;
  }
  queue(*s, std::move(error));
}

void CableLoop::unsubscribe(uint64_t socket_id, int64_t room_id) {
  CableSocket* s = find_open(socket_id);
  if (!s) return;
  if (s->pending(room_id)) {
    queued_bytes_ -= s->remove_pending(room_id);
  } else if (!s->remove_live(room_id)) {
    return;
  }
  room_remove(room_id, socket_id);
  --subscriptions_;
}

void CableLoop::leave_room(int64_t room_id, int64_t user_id) {
  const auto it = users_.find(user_id);
  if (it == users_.end()) return;
  for (uint64_t id : it->second) unsubscribe(id, room_id);
}

void CableLoop::close_user(int64_t user_id, uint16_t code, const std::string& reason) {
  const auto it = users_.find(user_id);
  if (it == users_.end()) return;
  const std::vector<uint64_t> ids = it->second;  // closing edits the index
  for (uint64_t id : ids) close_socket(id, code, reason);
}

void CableLoop::close_socket(uint64_t socket_id, uint16_t code, const std::string& reason) {
  if (CableSocket* s = find_open(socket_id)) begin_close(*s, code, reason, false);
}

}  // namespace cf::net
