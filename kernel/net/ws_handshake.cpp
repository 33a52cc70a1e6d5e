#include "kernel/net/ws_handshake.h"

#include <openssl/evp.h>

#include <array>
#include <cstdio>

namespace cf::net {
namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 9110 tchar.
bool is_token_char(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool valid_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_token_char(c)) return false;
  }
  return true;
}

// Field values: visible characters, spaces, tabs and obs-text; no other control bytes.
bool valid_value(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && u != '\t') || u == 0x7F) return false;
  }
  return true;
}

// True when the comma-separated list `value` contains `token` (case-insensitive).
bool has_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const size_t comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// A 16-byte value in base64 is exactly 22 alphabet characters and "==".
bool valid_key(std::string_view key) {
  if (key.size() != 24 || key[22] != '=' || key[23] != '=') return false;
  for (size_t i = 0; i < 22; ++i) {
    if (!is_base64_char(key[i])) return false;
  }
  return true;
}

HandshakeResult refuse(int status, std::string error) {
  HandshakeResult r;
  r.status = HandshakeResult::Status::Refused;
  r.http_status = status;
  r.error = std::move(error);
  return r;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 426: return "Upgrade Required";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out.append(buf);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace

HandshakeResult parse_upgrade(std::string_view buffer, size_t max_header_bytes, std::string_view path) {
  const size_t end = buffer.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (buffer.size() >= max_header_bytes) return refuse(431, "request headers too large");
    return {};
  }
  if (end + 4 > max_header_bytes) return refuse(431, "request headers too large");

  std::string_view rest = buffer.substr(0, end + 2);  // every line ends in CRLF
  auto next_line = [&rest]() {
    const size_t eol = rest.find("\r\n");
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    return line;
  };

  // Request line: GET <target> HTTP/1.1
  const std::string_view request_line = next_line();
  const size_t sp1 = request_line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || request_line.find(' ', sp2 + 1) != std::string_view::npos) {
    return refuse(400, "malformed request line");
  }
  const std::string_view method = request_line.substr(0, sp1);
  const std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = request_line.substr(sp2 + 1);
  if (method != "GET") return refuse(400, "method must be GET");
  if (version != "HTTP/1.1") return refuse(400, "HTTP/1.1 required");
  if (target.empty() || target.front() != '/') return refuse(400, "malformed request target");
  for (char c : target) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return refuse(400, "malformed request target");
  }

  HandshakeResult result;
  UpgradeRequest& req = result.request;
  const size_t q = target.find('?');
  req.path = target.substr(0, q);
  if (q != std::string_view::npos) req.query = target.substr(q + 1);
  if (req.path != path) return refuse(404, "not found");

  std::string upgrade, connection, version_header;
  bool seen_host = false, seen_origin = false, seen_key = false, seen_version = false;
  while (!rest.empty()) {
    const std::string_view line = next_line();
    if (line.empty() || line.front() == ' ' || line.front() == '\t') return refuse(400, "malformed header");
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return refuse(400, "malformed header");
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (!valid_name(name) || !valid_value(value)) return refuse(400, "malformed header");

    // Headers that must appear once; a second copy is an ambiguity an attacker could exploit.
    auto single = [&](bool& seen, std::string& into) {
      if (seen) return false;
      seen = true;
      into.assign(value);
      return true;
    };
    auto append_list = [&](std::string& into, std::string_view sep) {
      if (!into.empty()) into.append(sep);
      into.append(value);
    };
    if (iequals(name, "host")) {
      if (!single(seen_host, req.host)) return refuse(400, "duplicate Host");
    } else if (iequals(name, "origin")) {
      if (!single(seen_origin, req.origin)) return refuse(400, "duplicate Origin");
    } else if (iequals(name, "sec-websocket-key")) {
      if (!single(seen_key, req.key)) return refuse(400, "duplicate Sec-WebSocket-Key");
    } else if (iequals(name, "sec-websocket-version")) {
      if (!single(seen_version, version_header)) return refuse(400, "duplicate Sec-WebSocket-Version");
    } else if (iequals(name, "cookie")) {
      append_list(req.cookie, "; ");
    } else if (iequals(name, "upgrade")) {
      append_list(upgrade, ", ");
    } else if (iequals(name, "connection")) {
      append_list(connection, ", ");
    }
  }
  if (!seen_host) return refuse(400, "missing Host");
  if (!has_token(upgrade, "websocket")) return refuse(400, "Upgrade: websocket required");
  if (!has_token(connection, "upgrade")) return refuse(400, "Connection: Upgrade required");
  if (version_header != "13") return refuse(426, "unsupported WebSocket version");
  if (!valid_key(req.key)) return refuse(400, "invalid Sec-WebSocket-Key");

  result.status = HandshakeResult::Status::Ok;
  result.consumed = end + 4;
  return result;
}

std::string websocket_accept(std::string_view key) {
  std::string input(key);
  input.append(kGuid);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_len = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &digest_len, EVP_sha1(), nullptr) != 1) return {};
  std::array<unsigned char, 64> encoded{};  // base64 of 20 bytes is 28 characters plus NUL
  const int n = EVP_EncodeBlock(encoded.data(), digest.data(), static_cast<int>(digest_len));
  return std::string(reinterpret_cast<const char*>(encoded.data()), static_cast<size_t>(n));
}

std::string upgrade_response(std::string_view key) {
  std::string out =
      "HTTP/1.1 101 Switching Protocols\r\n"
      "Upgrade: websocket\r\n"
      "Connection: Upgrade\r\n"
      "Sec-WebSocket-Accept: ";
  out.append(websocket_accept(key));
  out.append("\r\n\r\n");
  return out;
}

std::string refusal_response(int status, std::string_view error) {
  const std::string body = "{\"error\":" + json_string(error) + "}";
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
  out.append("Content-Type: application/json\r\n");
  out.append("Content-Length: " + std::to_string(body.size()) + "\r\n");
  out.append("Connection: close\r\n");
  if (status == 426) out.append("Sec-WebSocket-Version: 13\r\n");
  out.append("\r\n");
  out.append(body);
  return out;
}

}  // namespace cf::net
