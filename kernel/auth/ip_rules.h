// Which addresses are public: only those are banned (Campfire's Ban skips private and loopback
// addresses, which would lock out a whole office or the reverse proxy).
#pragma once

#include <string_view>

namespace cf {

bool is_public_ip(std::string_view ip); // false for unparsable, loopback, private, link-local, CGNAT, multicast

} // namespace cf
