#include "kernel/bus/events.h"

#include "kernel/base/clock.h"

#include <campfire/json.hpp>

#include <sqlite3.h>

namespace cf {

int64_t emit_event(db::Txn& txn, int64_t room_id, std::string_view type, std::string_view json, std::string* error) {
    std::string_view payload = json.empty() ? std::string_view("{}") : json;
    rapidjson::Document check;
    if (!parse_json(check, payload)) {
        *error = "event payload is not valid JSON";
        return 0;
    }
    db::Statement* st = txn.conn.cached(
        "INSERT INTO events(room_id, type, payload, created_at) VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
        error);
    if (!st) return 0;
    st->bind_int(1, room_id);
    st->bind_text(2, type);
    st->bind_text(3, payload);
    int rc = st->step();
    st->reset();
    if (rc != SQLITE_DONE) {
        *error = txn.conn.error_message();
        return 0;
    }
    int64_t id = txn.conn.last_insert_id();
    txn.events.push_back(db::StoredEvent{id, room_id, std::string(type), std::string(payload)});
    return id;
}

int64_t latest_event_id(db::Connection& reader) {
    std::string error;
    db::Statement* st = reader.cached("SELECT COALESCE(MAX(id), 0) FROM events", &error);
    if (!st) return 0;
    int64_t id = st->step() == SQLITE_ROW ? st->column_int(0) : 0;
    st->reset();
    return id;
}

Replay read_replay(db::Connection& reader, int64_t room_id, int64_t since, size_t limit) {
    Replay out;
    std::string error;
    // One read transaction, so "upto" and the rows agree.
    reader.exec("BEGIN", &error);
    out.upto = latest_event_id(reader);
    if (db::Statement* pruned = reader.cached("SELECT value FROM kernel_state WHERE key = 'events_pruned_upto'", &error)) {
        int64_t upto = pruned->step() == SQLITE_ROW ? pruned->column_int(0) : 0;
        pruned->reset();
        if (since < upto) out.too_old = true;
    }
    if (!out.too_old) {
        db::Statement* st = reader.cached(
            "SELECT id, room_id, type, payload FROM events WHERE room_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?",
            &error);
        if (st) {
            st->bind_int(1, room_id);
            st->bind_int(2, since);
            st->bind_int(3, out.upto);
            st->bind_int(4, static_cast<int64_t>(limit) + 1);
            while (st->step() == SQLITE_ROW) {
                out.events.push_back(db::StoredEvent{st->column_int(0), st->column_int(1), std::string(st->column_text(2)),
                                                     std::string(st->column_text(3))});
            }
            st->reset();
        }
        if (out.events.size() > limit) {
            out.too_old = true;
            out.events.clear();
        }
    }
    reader.exec("COMMIT", &error);
    return out;
}

int prune_events(db::Txn& txn, int64_t keep_ms, int64_t keep_rows) {
    std::string error;
    std::string cutoff = iso8601(now_ms() - keep_ms);
    db::Statement* edge = txn.conn.cached(
        "SELECT COALESCE(MAX(id), 0) FROM events WHERE created_at < ? AND id <= (SELECT COALESCE(MAX(id), 0) FROM events) - ?",
        &error);
    if (!edge) return -1;
    edge->bind_text(1, cutoff);
    edge->bind_int(2, keep_rows);
    int64_t upto = edge->step() == SQLITE_ROW ? edge->column_int(0) : 0;
    edge->reset();
    if (upto <= 0) return 0;
    db::Statement* del = txn.conn.cached("DELETE FROM events WHERE id <= ?", &error);
    db::Statement* mark = txn.conn.cached(
        "INSERT INTO kernel_state(key, value) VALUES ('events_pruned_upto', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = MAX(value, excluded.value)",
        &error);
    if (!del || !mark) return -1;
    del->bind_int(1, upto);
    int rc = del->step();
    del->reset();
    mark->bind_int(1, upto);
    int rc2 = mark->step();
    mark->reset();
    return rc == SQLITE_DONE && rc2 == SQLITE_DONE ? 0 : -1;
}

std::string event_frame_json(const db::StoredEvent& e) {
    Json j;
    j.obj([&] {
        j.key("type").str(e.type);
        j.key("room_id").num(e.room_id);
        j.key("event_id").num(e.id);
        j.key("data").raw(e.json);
    });
    return std::string(j.text());
}

} // namespace cf
