// CableServer: the owner's handle. Everything but start/stop posts a command to the loop thread.
#include "kernel/net/cable_server.h"

#include "kernel/net/cable_loop.h"

namespace cf::net {

CableServer::CableServer(CableOptions options, CableCallbacks callbacks)
    : loop_(std::make_unique<CableLoop>(std::move(options), std::move(callbacks))) {}

CableServer::~CableServer() { stop(); }

bool CableServer::start(std::string* error) {
  if (started_) {
    if (error) *error = "a CableServer starts once";
    return false;
  }
  started_ = true;
  if (!loop_->open(error)) return false;
  thread_ = std::thread([loop = loop_.get()] { loop->run(); });
  return true;
}

void CableServer::stop() {
  if (!thread_.joinable()) return;
  loop_->request_stop();
  thread_.join();
}

uint16_t CableServer::port() const { return loop_->port(); }

CableServer::Stats CableServer::stats() const { return loop_->stats(); }

void CableServer::send(uint64_t socket_id, Frame frame) {
  loop_->post([socket_id, frame = std::move(frame)](CableLoop& l) mutable { l.send(socket_id, std::move(frame)); });
}

void CableServer::send_user(int64_t user_id, Frame frame) {
  loop_->post([user_id, frame = std::move(frame)](CableLoop& l) { l.send_user(user_id, frame); });
}

void CableServer::publish(int64_t room_id, int64_t event_id, Frame frame) {
  loop_->post([=, frame = std::move(frame)](CableLoop& l) { l.publish(room_id, event_id, frame); });
}

void CableServer::begin_subscribe(uint64_t socket_id, int64_t room_id) {
  loop_->post([=](CableLoop& l) { l.begin_subscribe(socket_id, room_id); });
}

void CableServer::finish_subscribe(uint64_t socket_id, int64_t room_id, std::vector<Frame> replay,
                                   int64_t upto_event_id, Frame subscribed) {
  loop_->post([=, replay = std::move(replay), subscribed = std::move(subscribed)](CableLoop& l) mutable {
    l.finish_subscribe(socket_id, room_id, std::move(replay), upto_event_id, std::move(subscribed));
  });
}

void CableServer::reject_subscribe(uint64_t socket_id, int64_t room_id, Frame error) {
  loop_->post([=, error = std::move(error)](CableLoop& l) mutable {
    l.reject_subscribe(socket_id, room_id, std::move(error));
  });
}

void CableServer::unsubscribe(uint64_t socket_id, int64_t room_id) {
  loop_->post([=](CableLoop& l) { l.unsubscribe(socket_id, room_id); });
}

void CableServer::leave_room(int64_t room_id, int64_t user_id) {
  loop_->post([=](CableLoop& l) { l.leave_room(room_id, user_id); });
}

void CableServer::close_user(int64_t user_id, uint16_t code, std::string reason) {
  loop_->post([=, reason = std::move(reason)](CableLoop& l) { l.close_user(user_id, code, reason); });
}

void CableServer::close_socket(uint64_t socket_id, uint16_t code, std::string reason) {
  loop_->post([=, reason = std::move(reason)](CableLoop& l) { l.close_socket(socket_id, code, reason); });
}

}  // namespace cf::net
