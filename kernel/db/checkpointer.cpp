#include "kernel/db/checkpointer.h"

#include <algorithm>
#include <filesystem>

#include <spdlog/spdlog.h>
#include <sqlite3.h>

namespace cf::db {
namespace {

// How often the WAL size is looked at between periodic checkpoints: one stat() call.
constexpr std::chrono::milliseconds kPoll{200};

}  // namespace

Checkpointer::Checkpointer(std::string path, std::chrono::milliseconds every, uint64_t wal_limit_bytes)
    : path_(std::move(path)), every_(every), wal_limit_(wal_limit_bytes) {}

Checkpointer::~Checkpointer() { stop(); }

bool Checkpointer::start(std::string* error) {
    std::lock_guard lock(mutex_);
    if (conn_ || stopping_) {
        if (error) *error = "checkpointer already started";
        return false;
    }
    conn_ = Connection::open(path_, Connection::Mode::Checkpoint, error);
    if (!conn_) return false;
    thread_ = std::thread([this] { loop(); });
    return true;
}

void Checkpointer::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    // TRUNCATE waits (busy timeout) for readers to move on, then leaves a zero-length WAL.
    if (conn_) {
        int rc = checkpoint(SQLITE_CHECKPOINT_TRUNCATE);
        if (rc != SQLITE_OK) spdlog::warn("db checkpointer: final checkpoint: {}", sqlite3_errstr(rc));
    }
    std::lock_guard lock(mutex_);
    conn_.reset();
}

int Checkpointer::checkpoint(int mode) {
    std::lock_guard lock(mutex_);
    if (!conn_) return SQLITE_MISUSE;
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(conn_->raw(), nullptr, mode, &log, &done);
    ++stats_.checkpoints;
    stats_.last_log_frames = log;
    stats_.last_checkpointed_frames = done;
    return rc;
}

Checkpointer::Stats Checkpointer::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

uint64_t Checkpointer::wal_size() const {
    std::error_code ec;
    auto size = std::filesystem::file_size(path_ + "-wal", ec);
    return ec ? 0 : size;
}

void Checkpointer::loop() {
    using Clock = std::chrono::steady_clock;
    const auto poll = std::clamp(every_, std::chrono::milliseconds(1), kPoll);
    auto next_due = Clock::now() + every_;
    uint64_t size_at_last = 0;  // a WAL that stays big but stops growing needs no more passes
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, poll, [this] { return stopping_; })) return;
        }
        const uint64_t size = wal_size();
        const bool grown = size > wal_limit_ && size != size_at_last;
        if (Clock::now() < next_due && !grown) continue;
        int rc = checkpoint(SQLITE_CHECKPOINT_PASSIVE);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY) spdlog::warn("db checkpointer: {}", sqlite3_errstr(rc));
        size_at_last = size;
        next_due = Clock::now() + every_;
    }
}

}  // namespace cf::db
