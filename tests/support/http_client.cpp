#include "tests/support/http_client.h"

#include "tests/support/http_reader.h"

namespace cf::test {

HttpClient::HttpClient(uint16_t port) : port_(port), origin_("http://127.0.0.1:" + std::to_string(port)) {}

std::string HttpClient::build(std::string_view method, std::string_view path, std::string_view body,
                              const Headers& headers) const {
  auto given = [&](std::string_view name) {
    for (const auto& header : headers)
      if (iequals(header.first, name)) return true;
    return false;
  };
  std::string out;
  out.reserve(256 + body.size());
  out.append(method).append(" ").append(path).append(" HTTP/1.1\r\n");
  auto add = [&](std::string_view name, std::string_view value) {
    if (!given(name)) out.append(name).append(": ").append(value).append("\r\n");
  };
  add("Host", "127.0.0.1:" + std::to_string(port_));
  // Pistache closes after each request unless asked to keep the connection (DESIGN.md §3).
  add("Connection", "keep-alive");
  add("Accept", "application/json");
  if (!origin_.empty()) add("Origin", origin_);
  std::string cookies = jar_.header();
  if (!cookies.empty()) add("Cookie", cookies);
  bool has_body_method = method == "POST" || method == "PUT" || method == "PATCH";
  if (!body.empty()) add("Content-Type", "application/json");
  if (!body.empty() || has_body_method) add("Content-Length", std::to_string(body.size()));
  for (const auto& [name, value] : headers) out.append(name).append(": ").append(value).append("\r\n");
  out.append("\r\n").append(body);
  return out;
}

HttpResponse HttpClient::request(std::string_view method, std::string_view path, std::string_view body,
                                 Headers headers) {
  HttpResponse response = exchange(build(method, path, body, headers), method == "HEAD");
  remember_cookies(response);
  return response;
}

HttpResponse HttpClient::exchange(const std::string& bytes, bool head_only) {
  Deadline deadline = Clock::now() + timeout_;
  // A reused connection may have been closed by the server since the last request:
  // then connect afresh and send once more.
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = fd_.valid() && !peer_closed(fd_.get());
    if (!reused) {
      buffer_.clear();
      fd_ = connect_loopback(port_, deadline);
      if (!fd_.valid()) return {};
    }
    bool sent = send_all(fd_.get(), bytes, deadline);
    size_t received_before = buffer_.size();
    auto result = sent ? read_response(fd_.get(), buffer_, deadline, head_only) : std::nullopt;
    if (result) {
      if (!result->keep_alive) fd_.reset();
      return std::move(result->response);
    }
    bool nothing_came = buffer_.size() == received_before;
    fd_.reset();
    buffer_.clear();
    if (!reused || !nothing_came || Clock::now() >= deadline) return {};
  }
  return {};
}

HttpResponse HttpClient::raw(std::string_view bytes) {
  Deadline deadline = Clock::now() + timeout_;
  UniqueFd fd = connect_loopback(port_, deadline);
  if (!fd.valid() || !send_all(fd.get(), bytes, deadline)) return {};
  std::string buffer;
  auto result = read_response(fd.get(), buffer, deadline);
  return result ? std::move(result->response) : HttpResponse{};
}

void HttpClient::remember_cookies(const HttpResponse& response) {
  for (const auto& [name, value] : response.headers)
    if (name == "set-cookie") jar_.absorb(value);
}

}  // namespace cf::test
