#include "kernel/db/writer.h"

#include <algorithm>
#include <exception>

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include "campfire/plugin.h"

namespace cf::db {
namespace {

size_t bucket(size_t n) {
    if (n < 2) return 0;
    if (n < 4) return 1;
    if (n < 8) return 2;
    if (n < 16) return 3;
    if (n < 64) return 4;
    if (n < 256) return 5;
    return 6;
}

// Callbacks belong to other areas; one that throws must not take the writer down with it.
template <typename Fn>
void call_quietly(const char* what, Fn&& fn) {
    try {
        fn();
    } catch (const std::exception& e) {
        spdlog::error("db writer: {} threw: {}", what, e.what());
    } catch (...) {
        spdlog::error("db writer: {} threw", what);
    }
}

}  // namespace

Writer::Writer(std::string path, WriterOptions options) : path_(std::move(path)), options_(options) {}

Writer::~Writer() { stop(); }

int Writer::authorize(void* self, int action, const char*, const char*, const char*, const char*) {
    const bool in_job = static_cast<Writer*>(self)->in_job_;
    if (in_job && (action == SQLITE_TRANSACTION || action == SQLITE_SAVEPOINT)) return SQLITE_DENY;
    return SQLITE_OK;
}

bool Writer::open(std::string* error) {
    conn_ = Connection::open(path_, Connection::Mode::Write, error);
    if (!conn_) return false;
    sqlite3_set_authorizer(conn_->raw(), &Writer::authorize, this);
    return true;
}

bool Writer::start(std::string* error) {
    {
        std::lock_guard lock(mutex_);
        if (started_ || stopping_) {
            if (error) *error = started_ ? "writer already started" : "writer stopped";
            return false;
        }
    }
    if (!conn_ && !open(error)) return false;
    std::lock_guard lock(mutex_);
    started_ = true;
    thread_ = std::thread([this] { loop(); });
    return true;
}

int Writer::submit(WriteJob job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= options_.queue_limit) return CF_ERR_BUSY;
        queue_.push_back(std::move(job));
        queue_depth_.store(queue_.size(), std::memory_order_relaxed);
    }
    wake_.notify_one();
    return CF_OK;
}

void Writer::on_commit(std::function<void(std::vector<StoredEvent>&&)> fn) { on_commit_ = std::move(fn); }

int Writer::run_now(const std::function<int(Connection&)>& fn, std::string* error) {
    {
        std::lock_guard lock(mutex_);
        if (started_ || stopping_) {
            if (error) *error = "run_now is only for before start()";
            return CF_ERR_STATE;
        }
    }
    if (!conn_ && !open(error)) return CF_ERR;
    int rc = CF_ERR;
    try {
        rc = fn(*conn_);
    } catch (const std::exception& e) {
        if (error) *error = e.what();
    }
    conn_->reset_all();
    return rc;
}

void Writer::stop() {
    std::lock_guard stopping(stop_mutex_);
    std::deque<WriteJob> orphans;
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && !thread_.joinable() && queue_.empty()) return;
        stopping_ = true;
        // Never started: nothing will run what is queued, but each done() is still owed once.
        if (!started_) orphans.swap(queue_);
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    for (auto& job : orphans) {
        if (job.done) call_quietly("done", [&] { job.done(CF_ERR); });
    }
    queue_depth_.store(0, std::memory_order_relaxed);
    conn_.reset();
}

void Writer::loop() {
    const size_t max_batch = std::max<size_t>(1, options_.max_batch);
    for (;;) {
        std::vector<WriteJob> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything before it is committed
            // Whatever piled up while the last COMMIT was syncing goes into this one.
            const size_t n = std::min(max_batch, queue_.size());
            batch.reserve(n);
            for (size_t i = 0; i < n; ++i) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
            queue_depth_.store(queue_.size(), std::memory_order_relaxed);
        }
        record(batch.size());
        run_batch(batch);
    }
}

void Writer::record(size_t batch_size) {
    batches_.fetch_add(1, std::memory_order_relaxed);
    last_batch_.store(batch_size, std::memory_order_relaxed);
    hist_[bucket(batch_size)].fetch_add(1, std::memory_order_relaxed);
}

void Writer::run_batch(std::vector<WriteJob>& batch) {
    std::vector<int> status(batch.size(), CF_OK);
    // A segment ends early only if SQLite dropped the transaction; the rest get a fresh one.
    for (size_t next = 0; next < batch.size();) next = run_segment(batch, next, status);
}

size_t Writer::run_segment(std::vector<WriteJob>& batch, size_t first, std::vector<int>& status) {
    const size_t n = batch.size();
    std::string error;
    if (conn_->exec("BEGIN IMMEDIATE", &error) != SQLITE_OK) {
        spdlog::error("db writer: BEGIN failed: {}", error);
        std::fill(status.begin() + first, status.end(), CF_ERR);
        finish(batch, first, n, status, {});
        return n;
    }
    std::vector<StoredEvent> events;
    for (size_t i = first; i < n; ++i) {
        std::vector<StoredEvent> job_events;
        status[i] = run_job(batch[i], job_events);
        if (!conn_->in_transaction()) {
            // SQLite rolled everything back (disk full, I/O error): the jobs before it are lost too.
            spdlog::error("db writer: transaction lost: {}", conn_->error_message());
            for (size_t j = first; j <= i; ++j) {
                if (status[j] == CF_OK) status[j] = CF_ERR;
            }
            finish(batch, first, i + 1, status, {});
            return i + 1;
        }
        if (status[i] == CF_OK) std::move(job_events.begin(), job_events.end(), std::back_inserter(events));
    }
    if (conn_->exec("COMMIT", &error) != SQLITE_OK) {
        spdlog::error("db writer: COMMIT failed: {}", error);
        conn_->exec("ROLLBACK", nullptr);
        for (size_t j = first; j < n; ++j) {
            if (status[j] == CF_OK) status[j] = CF_ERR;
        }
        events.clear();
    }
    finish(batch, first, n, status, std::move(events));
    return n;
}

int Writer::run_job(WriteJob& job, std::vector<StoredEvent>& events) {
    if (conn_->exec("SAVEPOINT cf_job", nullptr) != SQLITE_OK) return CF_ERR;
    Txn txn{*conn_, {}};
    int rc = CF_ERR;
    in_job_ = true;
    call_quietly("a write job", [&] { rc = job.run ? job.run(txn) : CF_OK; });
    in_job_ = false;
    // No statement may keep running past its job: it would pin the transaction and the savepoint.
    conn_->reset_all();
    if (!conn_->in_transaction()) return rc != CF_OK ? rc : CF_ERR;
    if (rc == CF_OK && conn_->exec("RELEASE cf_job", nullptr) == SQLITE_OK) {
        events = std::move(txn.events);
        return CF_OK;
    }
    if (rc == CF_OK) rc = CF_ERR;
    if (conn_->exec("ROLLBACK TO cf_job", nullptr) != SQLITE_OK) {
        // The job's changes cannot be undone alone; dropping the transaction is the only safe way.
        conn_->exec("ROLLBACK", nullptr);
        return rc;
    }
    conn_->exec("RELEASE cf_job", nullptr);
    return rc;
}

void Writer::finish(std::vector<WriteJob>& batch, size_t first, size_t end, const std::vector<int>& status,
                    std::vector<StoredEvent>&& events) {
    // Count before calling back: whoever a done callback wakes must see the batch in stats().
    for (size_t i = first; i < end; ++i) {
        if (status[i] != CF_OK) failed_jobs_.fetch_add(1, std::memory_order_relaxed);
    }
    jobs_.fetch_add(end - first, std::memory_order_relaxed);
    if (!events.empty() && on_commit_) call_quietly("on_commit", [&] { on_commit_(std::move(events)); });
    for (size_t i = first; i < end; ++i) {
        if (batch[i].done) call_quietly("done", [&] { batch[i].done(status[i]); });
    }
}

Writer::Stats Writer::stats() const {
    Stats s;
    s.jobs = jobs_.load(std::memory_order_relaxed);
    s.batches = batches_.load(std::memory_order_relaxed);
    s.failed_jobs = failed_jobs_.load(std::memory_order_relaxed);
    s.queue_depth = queue_depth_.load(std::memory_order_relaxed);
    s.last_batch = last_batch_.load(std::memory_order_relaxed);
    for (size_t i = 0; i < 8; ++i) s.batch_size_hist[i] = hist_[i].load(std::memory_order_relaxed);
    return s;
}

}  // namespace cf::db
