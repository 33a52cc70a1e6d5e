// An event row a write job recorded; the bus publishes it only after its transaction commits.
#pragma once

#include <cstdint>
#include <string>

namespace cf::db {

struct StoredEvent {
    int64_t id = 0;       // monotonically increasing per database (the events row id)
    int64_t room_id = 0;
    std::string type;     // "{thing}.{verb}", e.g. "message.create"
    std::string json;     // the payload as sent to clients
};

}  // namespace cf::db
