// Shared setup for the writer tests: a started Writer on a temp database, and helpers that
// collect done() statuses across threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "kernel/db/writer.h"
#include "tests/unit/db/temp_dir.h"

namespace cf::db::test {

// Records each done(status) by job key; wait() blocks until `n` have arrived.
class Results {
public:
    std::function<void(int)> done(int key) {
        return [this, key](int status) {
            std::lock_guard lock(mutex_);
            status_[key] = status;
            ++count_;
            cv_.notify_all();
        };
    }
    bool wait(size_t n, std::chrono::seconds timeout = std::chrono::seconds(20)) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, timeout, [&] { return count_ >= n; });
    }
    int status(int key) {
        std::lock_guard lock(mutex_);
        auto it = status_.find(key);
        return it == status_.end() ? 999 : it->second;
    }
    size_t count() {
        std::lock_guard lock(mutex_);
        return count_;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::map<int, int> status_;
    size_t count_ = 0;
};

// A one-shot gate that is safe to leave closed: the fixture opens it before stopping the writer.
class Gate {
public:
    void open() {
        std::lock_guard lock(mutex_);
        open_ = true;
        cv_.notify_all();
    }
    void wait() {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [this] { return open_; });
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool open_ = false;
};

// A job inserting `key` into t(k); fails with `status` after inserting when status != 0.
inline std::function<int(Txn&)> insert_job(int key, int status = 0) {
    return [key, status](Txn& txn) {
        Statement* s = txn.conn.cached("INSERT INTO t(k) VALUES(?1)", nullptr);
        if (!s) return -1;
        s->bind_int(1, key);
        if (s->step() != SQLITE_DONE) return -1;
        return status;
    };
}

class WriterTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(make()); }
    // Even after a failed ASSERT, nothing the callbacks touch dies before the writer has stopped.
    void TearDown() override {
        release.open();
        if (writer) writer->stop();
    }

    bool make(WriterOptions options = {}) {
        writer = std::make_unique<Writer>(db_path, options);
        std::string err;
        int rc = writer->run_now(
            [](Connection& c) { return c.exec("CREATE TABLE IF NOT EXISTS t(k INTEGER UNIQUE)", nullptr); }, &err);
        EXPECT_EQ(rc, SQLITE_OK) << err;
        return rc == SQLITE_OK;
    }
    bool start() {
        std::string err;
        bool ok = writer->start(&err);
        EXPECT_TRUE(ok) << err;
        return ok;
    }
    // Rows of t as seen by a brand-new read connection (so only committed data counts).
    std::vector<int64_t> keys() {
        std::string err;
        auto r = Connection::open(db_path, Connection::Mode::Read, &err);
        std::vector<int64_t> out;
        if (!r) return out;
        Statement* s = r->cached("SELECT k FROM t ORDER BY k", &err);
        while (s && s->step() == SQLITE_ROW) out.push_back(s->column_int(0));
        return out;
    }
    // Occupies the writer thread until `release` opens, so later jobs pile up into one batch.
    void block_writer() {
        ASSERT_EQ(writer->submit({[this](Txn&) {
                                      running.open();
                                      release.wait();
                                      return 0;
                                  },
                                  nullptr}),
                  0);
        running.wait();
    }

    TempDir dir;
    std::string db_path = dir.file("w.db");
    // Declared before the writer, so they outlive its thread.
    Results results;
    Gate running, release;
    std::mutex log_mutex;
    std::vector<std::string> log;
    std::vector<int64_t> published;
    std::unique_ptr<Writer> writer;
};

}  // namespace cf::db::test
