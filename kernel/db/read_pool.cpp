#include "kernel/db/read_pool.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace cf::db {
namespace {

std::mutex g_mutex;
std::string g_path;                       // guarded by g_mutex
std::atomic<uint64_t> g_generation{0};    // 0: unconfigured; bumped by each configure_readers

struct ThreadReader {
    std::unique_ptr<Connection> conn;
    uint64_t generation = 0;
};

}  // namespace

void configure_readers(std::string path) {
    std::lock_guard lock(g_mutex);
    g_path = std::move(path);
    g_generation.fetch_add(1, std::memory_order_release);
}

Connection& reader() {
    thread_local ThreadReader mine;  // destroyed (connection closed) when the thread exits
    uint64_t generation = g_generation.load(std::memory_order_acquire);
    if (mine.conn && mine.generation == generation) return *mine.conn;

    std::string path;
    {
        std::lock_guard lock(g_mutex);
        path = g_path;
        generation = g_generation.load(std::memory_order_relaxed);
    }
    if (generation == 0) throw std::runtime_error("read connections are not configured");
    mine.conn.reset();
    std::string error;
    mine.conn = Connection::open(path, Connection::Mode::Read, &error);
    if (!mine.conn) throw std::runtime_error("cannot open a read connection: " + error);
    mine.generation = generation;
    return *mine.conn;
}

}  // namespace cf::db
