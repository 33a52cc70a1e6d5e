// Stored room events: written inside the writer's transaction, broadcast after commit, replayed
// to clients that reconnect with the last id they saw. Ids are one sequence (the events table's
// AUTOINCREMENT rowid), so they increase with commit order across all rooms.
#pragma once

#include "kernel/db/connection.h"
#include "kernel/db/writer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cf {

// Inserts the event row and records it on the transaction. Returns its id, or 0 with `error`.
int64_t emit_event(db::Txn& txn, int64_t room_id, std::string_view type, std::string_view json, std::string* error);

struct Replay {
    bool too_old = false;            // events after `since` were pruned: the client must reload
    std::vector<db::StoredEvent> events;
    int64_t upto = 0;                // the newest event id when the replay was read
};

// Events of `room_id` with id > since, oldest first, at most `limit` (more -> too_old).
Replay read_replay(db::Connection& reader, int64_t room_id, int64_t since, size_t limit);
int64_t latest_event_id(db::Connection& reader);

// Deletes events older than `keep_ms` while keeping the newest `keep_rows`; records the highest
// pruned id in kernel_state so replays that would miss them answer "reload". Runs in a write.
int prune_events(db::Txn& txn, int64_t keep_ms, int64_t keep_rows);

// The wire form: {"type":..,"room_id":..,"event_id":..,"data":<json>}
std::string event_frame_json(const db::StoredEvent& e);

} // namespace cf
