#include "tests/support/http_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace cf::test {

namespace {

std::string to_lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Receives until buffer holds `needle` at or after `from`; returns its offset or npos.
size_t fill_until(int fd, std::string& buffer, size_t from, std::string_view needle, Deadline deadline) {
  for (;;) {
    size_t at = buffer.find(needle, from);
    if (at != std::string::npos) return at;
    if (recv_some(fd, buffer, deadline) <= 0) return std::string::npos;
  }
}

// Receives until buffer holds at least `size` bytes.
bool fill_to(int fd, std::string& buffer, size_t size, Deadline deadline) {
  while (buffer.size() < size)
    if (recv_some(fd, buffer, deadline) <= 0) return false;
  return true;
}

bool parse_head(std::string_view head, HttpResponse& out) {
  size_t eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12) return false;
  auto [p, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, out.status);
  if (ec != std::errc() || p != status_line.data() + 12) return false;
  while (eol != std::string_view::npos) {
    size_t start = eol + 2;
    eol = head.find("\r\n", start);
    std::string_view line = head.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start);
    if (line.empty()) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    out.headers.emplace_back(to_lower(std::string(trim_ows(line.substr(0, colon)))), trim_ows(line.substr(colon + 1)));
  }
  return true;
}

bool read_chunked(int fd, std::string& buffer, size_t pos, Deadline deadline, std::string& body, size_t& end) {
  for (;;) {
    size_t eol = fill_until(fd, buffer, pos, "\r\n", deadline);
    if (eol == std::string::npos) return false;
    size_t size = 0;
    auto [p, ec] = std::from_chars(buffer.data() + pos, buffer.data() + eol, size, 16);
    if (ec != std::errc() || p == buffer.data() + pos) return false;
    pos = eol + 2;
    if (size == 0) {
      // Trailers (ignored) end with an empty line.
      for (;;) {
        size_t line_end = fill_until(fd, buffer, pos, "\r\n", deadline);
        if (line_end == std::string::npos) return false;
        bool empty = line_end == pos;
        pos = line_end + 2;
        if (empty) break;
      }
      end = pos;
      return true;
    }
    if (!fill_to(fd, buffer, pos + size + 2, deadline)) return false;
    body.append(buffer, pos, size);
    pos += size + 2;
  }
}

}  // namespace

std::optional<ReadResult> read_response(int fd, std::string& buffer, Deadline deadline, bool head_only) {
  size_t head_end = fill_until(fd, buffer, 0, "\r\n\r\n", deadline);
  if (head_end == std::string::npos) return std::nullopt;
  ReadResult result;
  HttpResponse& response = result.response;
  if (!parse_head(std::string_view(buffer).substr(0, head_end + 2), response)) return std::nullopt;
  size_t pos = head_end + 4;
  if (to_lower(response.header("connection")).find("close") != std::string::npos) result.keep_alive = false;

  bool no_body = head_only || response.status / 100 == 1 || response.status == 204 || response.status == 304;
  std::string length = response.header("content-length");
  if (no_body) {
    // Nothing to read.
  } else if (to_lower(response.header("transfer-encoding")).find("chunked") != std::string::npos) {
    size_t end = 0;
    if (!read_chunked(fd, buffer, pos, deadline, response.body, end)) return std::nullopt;
    pos = end;
  } else if (!length.empty()) {
    size_t size = 0;
    auto [p, ec] = std::from_chars(length.data(), length.data() + length.size(), size);
    if (ec != std::errc() || p != length.data() + length.size()) return std::nullopt;
    if (!fill_to(fd, buffer, pos + size, deadline)) return std::nullopt;
    response.body.assign(buffer, pos, size);
    pos += size;
  } else {
    // No framing: the body runs to the end of the connection.
    for (;;) {
      long n = recv_some(fd, buffer, deadline);
      if (n == 0) break;
      if (n < 0) return std::nullopt;
    }
    response.body.assign(buffer, pos);
    pos = buffer.size();
    result.keep_alive = false;
  }
  buffer.erase(0, pos);
  return result;
}

}  // namespace cf::test
