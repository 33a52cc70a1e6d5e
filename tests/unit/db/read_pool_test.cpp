#include "kernel/db/read_pool.h"

#include <future>
#include <set>
#include <thread>

#include "tests/unit/db/writer_fixture.h"

namespace cf::db::test {
namespace {

int64_t count_rows(Connection& c) {
    std::string err;
    Statement* s = c.cached("SELECT count(*) FROM t", &err);
    if (!s || s->step() != SQLITE_ROW) throw std::runtime_error("count failed: " + err);
    int64_t n = s->column_int(0);
    s->reset();
    return n;
}

class ReadPoolTest : public WriterTest {};

TEST_F(ReadPoolTest, ReadersOnOtherThreadsReadWhileAWriteIsOpen) {
    ASSERT_TRUE(start());
    ASSERT_EQ(writer->submit({insert_job(1), results.done(1)}), 0);
    ASSERT_TRUE(results.wait(1));
    configure_readers(db_path);

    // The writer holds an open transaction with an uncommitted row while the readers run.
    ASSERT_EQ(writer->submit({[this](Txn& txn) {
                                  int rc = insert_job(2)(txn);
                                  running.open();
                                  release.wait();
                                  return rc;
                              },
                              results.done(2)}),
              0);
    running.wait();

    constexpr int kReaders = 4;
    std::vector<std::future<std::pair<const Connection*, int64_t>>> reads;
    for (int i = 0; i < kReaders; ++i) {
        reads.push_back(std::async(std::launch::async, [] {
            Connection& mine = reader();
            EXPECT_EQ(&mine, &reader());  // one connection per thread, reused
            return std::make_pair(static_cast<const Connection*>(&mine), count_rows(mine));
        }));
    }
    std::set<const Connection*> connections;
    for (auto& f : reads) {
        // Readers that waited on the writer would hang here until it is released.
        ASSERT_EQ(f.wait_for(std::chrono::seconds(3)), std::future_status::ready);
        auto [conn, n] = f.get();
        EXPECT_EQ(n, 1);  // the committed snapshot, not the writer's pending row
        connections.insert(conn);
    }
    release.open();
    ASSERT_TRUE(results.wait(2));
    EXPECT_EQ(results.status(2), 0);
    // Thread-local connections of finished threads may reuse addresses, so compare within a
    // generation: live ones on concurrently running threads must be distinct.
    Gate hold;
    std::vector<std::future<const Connection*>> live;
    for (int i = 0; i < 2; ++i) {
        live.push_back(std::async(std::launch::async, [&] {
            Connection* c = &reader();
            hold.wait();
            return static_cast<const Connection*>(c);
        }));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    hold.open();
    const Connection* a = live[0].get();
    const Connection* b = live[1].get();
    EXPECT_NE(a, b);
    EXPECT_EQ(count_rows(reader()), 2);  // a later read sees the commit
}

TEST_F(ReadPoolTest, ReaderConnectionsAreReadOnly) {
    configure_readers(db_path);
    std::string err;
    EXPECT_NE(reader().exec("INSERT INTO t VALUES(1)", &err), SQLITE_OK);
    EXPECT_EQ(count_rows(reader()), 0);
}

TEST_F(ReadPoolTest, ReconfiguringReopensOnTheNextCall) {
    configure_readers(db_path);
    Connection* first = &reader();
    EXPECT_EQ(first->path(), db_path);
    configure_readers(dir.file("missing.db"));
    EXPECT_THROW(reader(), std::runtime_error);
    configure_readers(db_path);
    EXPECT_EQ(reader().path(), db_path);
}

}  // namespace
}  // namespace cf::db::test
