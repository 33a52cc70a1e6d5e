#include "tests/support/ws_handshake.h"

#include "tests/support/http_reader.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace cf::test {

namespace {

std::string base64(const unsigned char* data, size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string random_key() {
  unsigned char nonce[16];
  if (RAND_bytes(nonce, sizeof nonce) != 1) throw std::runtime_error("RAND_bytes failed");
  return base64(nonce, sizeof nonce);
}

}  // namespace

std::string ws_accept_for(const std::string& key) {
  std::string input = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return base64(digest, sizeof digest);
}

WsHandshake ws_handshake(int fd, uint16_t port, const std::string& cookie_header, const std::string& origin,
                         Deadline deadline, const std::string& path) {
  std::string key = random_key();
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                        "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        "Sec-WebSocket-Key: " + key + "\r\n";
  if (!cookie_header.empty()) request += "Cookie: " + cookie_header + "\r\n";
  if (!origin.empty()) request += "Origin: " + origin + "\r\n";
  request += "\r\n";

  WsHandshake result;
  if (!send_all(fd, request, deadline)) return result;
  std::string buffer;
  // A 101 has no body; a refusal has a JSON body that we read and drop.
  auto head = read_response(fd, buffer, deadline, /*head_only=*/true);
  if (!head) return result;
  result.status = head->response.status;
  if (result.status != 101) return result;
  result.accepted = head->response.header("sec-websocket-accept") == ws_accept_for(key);
  result.leftover = std::move(buffer);
  return result;
}

}  // namespace cf::test
