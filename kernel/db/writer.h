// The single writer: one thread owns the write connection and commits queued jobs in groups.
// Each job runs in its own SAVEPOINT inside a shared transaction, so one bad job fails alone;
// its done() is called only once the transaction is durable (DESIGN.md §2).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kernel/db/connection.h"
#include "kernel/db/event.h"

namespace cf::db {

// What a write job sees: the writer's connection, inside the group transaction.
struct Txn {
    Connection& conn;
    std::vector<StoredEvent> events;  // rows already inserted by the job; published after commit
};

struct WriteJob {
    // On the writer thread, in its own SAVEPOINT. 0 (CF_OK) keeps it; anything else, or an
    // exception, rolls back this job alone. Transaction control (BEGIN, COMMIT, SAVEPOINT) is
    // refused here: the writer owns the transaction.
    std::function<int(Txn&)> run;
    // Exactly once: after COMMIT is durable (0), or on failure (the job's status, or -1 if the
    // transaction was lost). On the writer thread: it must be quick.
    std::function<void(int status)> done;
};

struct WriterOptions {
    size_t max_batch = 512;
    size_t queue_limit = 100000;
};

class Writer {
public:
    Writer(std::string path, WriterOptions options = {});
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Opens the write connection (if run_now has not already) and starts the thread.
    bool start(std::string* error);
    // 0 when queued; -7 (CF_ERR_BUSY) when the queue is full or the writer is stopping.
    // Thread-safe. Jobs submitted before start() wait for it.
    int submit(WriteJob job);
    // Called on the writer thread after each durable COMMIT with the events of the jobs that
    // succeeded, in order, before their done() callbacks. Set before start().
    void on_commit(std::function<void(std::vector<StoredEvent>&&)> fn);
    // Runs fn on the write connection, synchronously, outside the group path (boot-time
    // migrations). Only before start(): -5 (CF_ERR_STATE) after.
    int run_now(const std::function<int(Connection&)>& fn, std::string* error);
    // Refuses new jobs, commits everything already queued, then joins. Idempotent.
    void stop();

    struct Stats {
        uint64_t jobs = 0, batches = 0, failed_jobs = 0;
        size_t queue_depth = 0, last_batch = 0;
        uint64_t batch_size_hist[8] = {};  // 1, 2-3, 4-7, 8-15, 16-63, 64-255, 256+, unused
    };
    Stats stats() const;  // cheap, thread-safe

private:
    bool open(std::string* error);
    void loop();
    void run_batch(std::vector<WriteJob>& batch);
    size_t run_segment(std::vector<WriteJob>& batch, size_t first, std::vector<int>& status);
    int run_job(WriteJob& job, std::vector<StoredEvent>& events);
    void finish(std::vector<WriteJob>& batch, size_t first, size_t end, const std::vector<int>& status,
                std::vector<StoredEvent>&& events);
    void record(size_t batch_size);
    static int authorize(void* self, int action, const char*, const char*, const char*, const char*);

    const std::string path_;
    const WriterOptions options_;
    std::unique_ptr<Connection> conn_;
    std::function<void(std::vector<StoredEvent>&&)> on_commit_;
    bool in_job_ = false;  // writer thread only: the authorizer refuses transaction control

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<WriteJob> queue_;  // guarded by mutex_
    bool stopping_ = false;       // guarded by mutex_
    bool started_ = false;        // guarded by mutex_
    std::thread thread_;
    std::mutex stop_mutex_;  // two concurrent stop() calls must not both join

    std::atomic<uint64_t> jobs_{0}, batches_{0}, failed_jobs_{0};
    std::atomic<size_t> queue_depth_{0}, last_batch_{0};
    std::atomic<uint64_t> hist_[8] = {};
};

}  // namespace cf::db
