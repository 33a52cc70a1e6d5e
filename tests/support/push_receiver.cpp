#include "tests/support/push_receiver.h"

#include "tests/support/http_response.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <stdexcept>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Parses one request from the front of `buffer` into `out`; false if it is not complete yet.
bool take_request(std::string& buffer, ReceivedPush& out) {
  size_t head_end = buffer.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  std::string head = buffer.substr(0, head_end);
  size_t line_end = head.find("\r\n");
  std::string request_line = head.substr(0, line_end);
  size_t sp1 = request_line.find(' ');
  size_t sp2 = request_line.find(' ', sp1 + 1);
  out = ReceivedPush{};
  out.method = request_line.substr(0, sp1);
  out.path = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos, end - pos);
    size_t colon = line.find(':');
    if (colon != std::string::npos)
      out.headers[lower(line.substr(0, colon))] = std::string(trim_ows(std::string_view(line).substr(colon + 1)));
    pos = end + 2;
  }
  size_t length = out.headers.count("content-length") ? std::stoul(out.headers["content-length"]) : 0;
  if (buffer.size() < head_end + 4 + length) return false;
  out.body = buffer.substr(head_end + 4, length);
  buffer.erase(0, head_end + 4 + length);
  return true;
}

}  // namespace

PushReceiver::PushReceiver() {
  listener_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!listener_.valid()) throw std::runtime_error("push receiver: socket");
  int one = 1;
  ::setsockopt(listener_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listener_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_.get(), 64) != 0 ||
      ::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("push receiver: bind/listen");
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

PushReceiver::~PushReceiver() {
  stopping_ = true;
  acceptor_.join();
  std::vector<std::thread> open;
  {
    std::lock_guard lock(mu_);
    open.swap(connections_);
  }
  for (auto& t : open) t.join();
}

std::string PushReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void PushReceiver::answer(const std::string& path, int status) {
  std::lock_guard lock(mu_);
  statuses_[path] = status;
}

std::vector<ReceivedPush> PushReceiver::received(const std::string& path) const {
  std::lock_guard lock(mu_);
  std::vector<ReceivedPush> out;
  for (const auto& r : requests_)
    if (r.path == path) out.push_back(r);
  return out;
}

std::vector<ReceivedPush> PushReceiver::wait_for(const std::string& path, size_t count,
                                                 std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  auto matching = [&] {
    return static_cast<size_t>(
        std::count_if(requests_.begin(), requests_.end(), [&](const ReceivedPush& r) { return r.path == path; }));
  };
  arrived_.wait_for(lock, timeout, [&] { return matching() >= count; });
  lock.unlock();
  return received(path);
}

size_t PushReceiver::total() const {
  std::lock_guard lock(mu_);
  return requests_.size();
}

void PushReceiver::accept_loop() {
  while (!stopping_) {
    pollfd p{listener_.get(), POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    UniqueFd conn(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (!conn.valid()) continue;
    std::lock_guard lock(mu_);
    connections_.emplace_back([this, fd = std::move(conn)]() mutable { serve(std::move(fd)); });
  }
}

void PushReceiver::serve(UniqueFd fd) {
  std::string buffer;
  while (!stopping_) {
    ReceivedPush req;
    while (!take_request(buffer, req)) {
      if (stopping_) return;
      long n = recv_some(fd.get(), buffer, Clock::now() + 50ms);
      if (n == 0 || n == -1) return;  // closed
    }
    int status = 201;
    {
      std::lock_guard lock(mu_);
      if (auto it = statuses_.find(req.path); it != statuses_.end()) status = it->second;
      requests_.push_back(req);
    }
    arrived_.notify_all();
    std::string reply = "HTTP/1.1 " + std::to_string(status) + " Push\r\nContent-Length: 0\r\n\r\n";
    if (!send_all(fd.get(), reply, Clock::now() + 5s)) return;
  }
}

}  // namespace cf::test
