// Where events go after commit: the WebSocket hub, seen through this interface so that the bus
// and the plugin host do not depend on the transport.
#pragma once

#include "kernel/db/event.h"

#include <cstdint>
#include <string_view>

namespace cf {

class Fanout {
public:
    virtual ~Fanout() = default;
    virtual void publish(const db::StoredEvent& event) = 0; // a stored room event, after commit
    virtual void send_room(int64_t room_id, std::string_view type, std::string_view json) = 0; // ephemeral
    virtual void send_user(int64_t user_id, std::string_view type, std::string_view json) = 0;
    virtual void send_socket(uint64_t socket_id, std::string_view type, std::string_view json) = 0;
    virtual void leave_room(int64_t room_id, int64_t user_id) = 0;
    virtual void disconnect_user(int64_t user_id) = 0; // signed out, deactivated or banned
};

} // namespace cf
