// Checkpoints off the writer thread: the writer never checkpoints (wal_autocheckpoint=0), so
// without this the WAL would grow forever. PASSIVE checkpoints never block the writer or readers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "kernel/db/connection.h"

namespace cf::db {

class Checkpointer {
public:
    // PASSIVE every `every`, and sooner once the WAL file is past `wal_limit_bytes`.
    Checkpointer(std::string path, std::chrono::milliseconds every, uint64_t wal_limit_bytes = 4u << 20);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    bool start(std::string* error);  // opens its own connection and thread
    void stop();                     // joins, then a final TRUNCATE checkpoint. Idempotent.

    // One checkpoint now, on the caller's thread (mode: SQLITE_CHECKPOINT_*). An SQLite code.
    int checkpoint(int mode);

    struct Stats {
        uint64_t checkpoints = 0;
        int last_log_frames = 0;           // frames in the WAL at the last checkpoint
        int last_checkpointed_frames = 0;  // of which copied back into the database
    };
    Stats stats() const;

private:
    void loop();
    uint64_t wal_size() const;

    const std::string path_;
    const std::chrono::milliseconds every_;
    const uint64_t wal_limit_;
    std::unique_ptr<Connection> conn_;

    mutable std::mutex mutex_;  // guards stopping_, stats_ and use of conn_
    std::condition_variable wake_;
    bool stopping_ = false;
    Stats stats_;
    std::thread thread_;
};

}  // namespace cf::db
