#include "kernel/db/writer.h"

#include <atomic>
#include <memory>
#include <thread>

#include "tests/unit/db/writer_fixture.h"

namespace cf::db::test {
namespace {

TEST_F(WriterTest, GroupCommitBatchesConcurrentSubmissions) {
    ASSERT_TRUE(start());
    constexpr int kThreads = 8, kPerThread = 125;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                int key = t * kPerThread + i;
                EXPECT_EQ(writer->submit({insert_job(key), results.done(key)}), 0);
            }
        });
    }
    for (auto& th : threads) th.join();
    ASSERT_TRUE(results.wait(kThreads * kPerThread));
    for (int k = 0; k < kThreads * kPerThread; ++k) ASSERT_EQ(results.status(k), 0) << k;
    EXPECT_EQ(keys().size(), size_t{kThreads * kPerThread});
    auto stats = writer->stats();
    EXPECT_EQ(stats.jobs, uint64_t{kThreads * kPerThread});
    EXPECT_EQ(stats.failed_jobs, 0u);
    EXPECT_LT(stats.batches, stats.jobs);
    uint64_t hist_total = 0;
    for (auto h : stats.batch_size_hist) hist_total += h;
    EXPECT_EQ(hist_total, stats.batches);
}

TEST_F(WriterTest, QueuedJobsShareOneTransaction) {
    ASSERT_TRUE(start());
    block_writer();
    for (int k = 0; k < 100; ++k) ASSERT_EQ(writer->submit({insert_job(k), results.done(k)}), 0);
    EXPECT_EQ(writer->stats().queue_depth, 100u);
    release.open();
    ASSERT_TRUE(results.wait(100));
    auto stats = writer->stats();
    EXPECT_EQ(stats.batches, 2u);
    EXPECT_EQ(stats.last_batch, 100u);
    EXPECT_EQ(stats.batch_size_hist[0], 1u);  // the blocking job alone
    EXPECT_EQ(stats.batch_size_hist[5], 1u);  // 64-255
    EXPECT_EQ(stats.queue_depth, 0u);
}

TEST_F(WriterTest, MaxBatchSplitsTheQueue) {
    ASSERT_TRUE(make({.max_batch = 10, .queue_limit = 1000}));
    ASSERT_TRUE(start());
    block_writer();
    for (int k = 0; k < 35; ++k) ASSERT_EQ(writer->submit({insert_job(k), results.done(k)}), 0);
    release.open();
    ASSERT_TRUE(results.wait(35));
    EXPECT_EQ(writer->stats().batches, 1u + 4u);  // 10 + 10 + 10 + 5
    EXPECT_EQ(writer->stats().last_batch, 5u);
}

TEST_F(WriterTest, FailingJobRollsBackAloneInItsBatch) {
    ASSERT_TRUE(start());
    block_writer();
    ASSERT_EQ(writer->submit({insert_job(1), results.done(1)}), 0);
    ASSERT_EQ(writer->submit({insert_job(2, -3), results.done(2)}), 0);  // inserts, then fails
    ASSERT_EQ(writer->submit({insert_job(1), results.done(3)}), 0);      // UNIQUE violation
    ASSERT_EQ(writer->submit({insert_job(4), results.done(4)}), 0);
    release.open();
    ASSERT_TRUE(results.wait(4));
    EXPECT_EQ(results.status(1), 0);
    EXPECT_EQ(results.status(2), -3);
    EXPECT_EQ(results.status(3), -1);
    EXPECT_EQ(results.status(4), 0);
    EXPECT_EQ(keys(), (std::vector<int64_t>{1, 4}));
    EXPECT_EQ(writer->stats().batches, 2u);
    EXPECT_EQ(writer->stats().failed_jobs, 2u);
}

TEST_F(WriterTest, ThrowingJobFailsAloneAndTheWriterSurvives) {
    ASSERT_TRUE(start());
    block_writer();
    ASSERT_EQ(writer->submit({insert_job(1), results.done(1)}), 0);
    ASSERT_EQ(writer->submit({[](Txn& txn) -> int {
                                  insert_job(2)(txn);
                                  throw std::runtime_error("boom");
                              },
                              results.done(2)}),
              0);
    ASSERT_EQ(writer->submit({insert_job(3), results.done(3)}), 0);
    release.open();
    ASSERT_TRUE(results.wait(3));
    EXPECT_EQ(results.status(1), 0);
    EXPECT_NE(results.status(2), 0);
    EXPECT_EQ(results.status(3), 0);
    ASSERT_EQ(writer->submit({insert_job(5), results.done(5)}), 0);
    ASSERT_TRUE(results.wait(4));
    EXPECT_EQ(keys(), (std::vector<int64_t>{1, 3, 5}));
}

TEST_F(WriterTest, ThrowingCallbacksDoNotStopTheWriter) {
    writer->on_commit([](std::vector<StoredEvent>&&) { throw std::runtime_error("bus down"); });
    ASSERT_TRUE(start());
    ASSERT_EQ(writer->submit({[](Txn& txn) {
                                  txn.events.push_back({1, 1, "x.y", "{}"});
                                  return 0;
                              },
                              [](int) { throw 42; }}),
              0);
    ASSERT_EQ(writer->submit({insert_job(7), results.done(7)}), 0);
    ASSERT_TRUE(results.wait(1));
    EXPECT_EQ(results.status(7), 0);
}

TEST_F(WriterTest, DoneRunsOnlyOnceTheRowIsVisibleToANewReader) {
    ASSERT_TRUE(start());
    auto seen_rows = std::make_shared<std::atomic<int>>(-1);
    ASSERT_EQ(writer->submit({insert_job(42),
                              [this, seen_rows](int status) {
                                  std::string err;
                                  auto r = Connection::open(db_path, Connection::Mode::Read, &err);
                                  Statement* s = r ? r->cached("SELECT count(*) FROM t WHERE k = 42", &err) : nullptr;
                                  if (s && s->step() == SQLITE_ROW) *seen_rows = static_cast<int>(s->column_int(0));
                                  results.done(0)(status);
                              }}),
              0);
    ASSERT_TRUE(results.wait(1));
    EXPECT_EQ(results.status(0), 0);
    EXPECT_EQ(seen_rows->load(), 1);
}

TEST_F(WriterTest, OnCommitGetsSuccessfulEventsInOrderBeforeDone) {
    writer->on_commit([this](std::vector<StoredEvent>&& events) {
        std::lock_guard lock(log_mutex);
        log.push_back("commit");
        for (auto& e : events) published.push_back(e.id);
    });
    ASSERT_TRUE(start());
    block_writer();
    for (int k = 0; k < 5; ++k) {
        WriteJob job{[k](Txn& txn) {
                         int rc = insert_job(k)(txn);
                         txn.events.push_back({k * 10, 1, "message.create", "{}"});
                         txn.events.push_back({k * 10 + 1, 1, "message.create", "{}"});
                         return k == 2 ? -6 : rc;
                     },
                     [this, k](int status) {
                         {
                             std::lock_guard lock(log_mutex);
                             log.push_back("done" + std::to_string(k));
                         }
                         results.done(k)(status);
                     }};
        ASSERT_EQ(writer->submit(std::move(job)), 0);
    }
    release.open();
    ASSERT_TRUE(results.wait(5));
    std::lock_guard lock(log_mutex);
    EXPECT_EQ(published, (std::vector<int64_t>{0, 1, 10, 11, 30, 31, 40, 41}));
    EXPECT_EQ(log, (std::vector<std::string>{"commit", "done0", "done1", "done2", "done3", "done4"}));
    EXPECT_EQ(results.status(2), -6);
}

TEST_F(WriterTest, FullQueueIsBusy) {
    ASSERT_TRUE(make({.max_batch = 512, .queue_limit = 3}));
    ASSERT_TRUE(start());
    block_writer();
    for (int k = 0; k < 3; ++k) ASSERT_EQ(writer->submit({insert_job(k), results.done(k)}), 0);
    EXPECT_EQ(writer->submit({insert_job(3), results.done(3)}), -7);
    release.open();
    ASSERT_TRUE(results.wait(3));
    EXPECT_EQ(results.count(), 3u);  // the refused job's done() is never called
    EXPECT_EQ(keys(), (std::vector<int64_t>{0, 1, 2}));
}

TEST_F(WriterTest, StopDrainsEverythingSubmittedBeforeIt) {
    ASSERT_TRUE(start());
    block_writer();
    for (int k = 0; k < 200; ++k) ASSERT_EQ(writer->submit({insert_job(k), results.done(k)}), 0);
    std::thread opener([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        release.open();
    });
    writer->stop();
    opener.join();
    EXPECT_EQ(results.count(), 200u);
    for (int k = 0; k < 200; ++k) ASSERT_EQ(results.status(k), 0);
    EXPECT_EQ(keys().size(), 200u);
    EXPECT_EQ(writer->submit({insert_job(999), results.done(999)}), -7);
    writer->stop();  // idempotent
}

TEST_F(WriterTest, StopWithoutStartFailsQueuedJobsOnce) {
    ASSERT_EQ(writer->submit({insert_job(1), results.done(1)}), 0);
    writer->stop();
    EXPECT_EQ(results.count(), 1u);
    EXPECT_EQ(results.status(1), -1);
    EXPECT_TRUE(keys().empty());
}

TEST_F(WriterTest, JobsCannotControlTheTransaction) {
    ASSERT_TRUE(start());
    struct Probe {
        std::atomic<int> commit_rc{0}, release_rc{0};
        std::atomic<bool> still_in_txn{false};
    };
    auto probe = std::make_shared<Probe>();
    ASSERT_EQ(writer->submit({[probe](Txn& txn) {
                                  insert_job(1)(txn);
                                  probe->commit_rc = txn.conn.exec("COMMIT", nullptr);
                                  probe->release_rc = txn.conn.exec("RELEASE cf_job", nullptr);
                                  probe->still_in_txn = txn.conn.in_transaction();
                                  return -1;  // so the row must vanish
                              },
                              results.done(1)}),
              0);
    ASSERT_TRUE(results.wait(1));
    EXPECT_EQ(probe->commit_rc.load(), SQLITE_AUTH);
    EXPECT_EQ(probe->release_rc.load(), SQLITE_AUTH);
    EXPECT_TRUE(probe->still_in_txn.load());
    EXPECT_TRUE(keys().empty());
}

TEST_F(WriterTest, RunNowOnlyBeforeStart) {
    std::string err;
    EXPECT_EQ(writer->run_now([](Connection& c) { return c.exec("INSERT INTO t VALUES(9)", nullptr); }, &err), 0);
    EXPECT_EQ(keys(), (std::vector<int64_t>{9}));
    ASSERT_TRUE(start());
    EXPECT_EQ(writer->run_now([](Connection&) { return 0; }, &err), -5);
    EXPECT_FALSE(writer->start(&err));
}

}  // namespace
}  // namespace cf::db::test
