#include "tests/support/ws_client.h"

#include "tests/support/ws_frame.h"
#include "tests/support/ws_handshake.h"

#include <utility>

namespace cf::test {

bool WsClient::connect(uint16_t port, const std::string& cookie_header, const std::string& origin, int* status) {
  Deadline deadline = Clock::now() + std::chrono::seconds(10);
  fd_ = connect_loopback(port, deadline);
  buffer_.clear();
  fragments_.clear();
  close_code_ = 0;
  close_sent_ = false;
  closed_ = true;
  if (status) *status = 0;
  if (!fd_.valid()) return false;
  WsHandshake handshake = ws_handshake(fd_.get(), port, cookie_header, origin, deadline);
  if (status) *status = handshake.status;
  if (!handshake.accepted) {
    fd_.reset();
    return false;
  }
  buffer_ = std::move(handshake.leftover);
  closed_ = false;
  return true;
}

bool WsClient::send_text(std::string_view text) { return send_raw(encode_client_frame(kText, text)); }

bool WsClient::send_raw(std::string_view bytes) {
  return fd_.valid() && send_all(fd_.get(), bytes, Clock::now() + std::chrono::seconds(10));
}

std::optional<std::string> WsClient::recv_text(std::chrono::milliseconds timeout) {
  return next_message(Clock::now() + timeout);
}

std::optional<std::string> WsClient::next_message(Deadline deadline) {
  while (!closed_) {
    WsFrame frame;
    size_t used = parse_frame(buffer_, frame);
    if (used == 0) {
      long n = recv_some(fd_.get(), buffer_, deadline);
      if (n == 0 || n == -1) closed_ = true;  // EOF or reset; a timeout leaves the socket open
      if (n <= 0) return std::nullopt;
      continue;
    }
    std::string payload = unmasked_payload(frame);
    uint8_t opcode = frame.opcode;
    bool fin = frame.fin;
    buffer_.erase(0, used);
    switch (opcode) {
      case kPing:
        send_raw(encode_client_frame(kPong, payload));
        break;
      case kClose:
        on_close_frame(payload);
        return std::nullopt;
      case kText:
      case kContinuation:
        fragments_ += payload;
        if (fin) return std::exchange(fragments_, {});
        break;
      default:  // pong, binary: not for tests to see
        break;
    }
  }
  return std::nullopt;
}

void WsClient::on_close_frame(std::string_view payload) {
  close_code_ = close_code_of(payload);
  if (!close_sent_) {
    // Echo the code back, as RFC 6455 §5.5.1 asks.
    send_raw(encode_client_frame(kClose, payload.substr(0, payload.size() >= 2 ? 2 : 0)));
    close_sent_ = true;
  }
  closed_ = true;
  fd_.reset();
}

std::optional<rapidjson::Document> WsClient::wait_for(std::string_view type, std::chrono::milliseconds timeout) {
  Deadline deadline = Clock::now() + timeout;
  while (auto text = next_message(deadline)) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(text->data(), text->size());
    if (doc.HasParseError() || !doc.IsObject()) continue;
    auto it = doc.FindMember("type");
    if (it != doc.MemberEnd() && it->value.IsString() &&
        std::string_view(it->value.GetString(), it->value.GetStringLength()) == type)
      return doc;
  }
  return std::nullopt;
}

void WsClient::close(uint16_t code) {
  if (closed_ || !fd_.valid()) {
    fd_.reset();
    return;
  }
  send_raw(encode_client_frame(kClose, close_payload(code)));
  close_sent_ = true;
  // Wait briefly for the server's close frame, dropping whatever comes before it.
  Deadline deadline = Clock::now() + std::chrono::seconds(1);
  while (!closed_ && Clock::now() < deadline) next_message(deadline);
  closed_ = true;
  fd_.reset();
}

}  // namespace cf::test
