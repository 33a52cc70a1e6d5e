// Runs each socket's client messages one at a time, in the order they arrived, on the shared
// WorkerPool; different sockets still run in parallel. A plain post() per message would let two
// workers take one socket's "presence.present" and "presence.absent" (or "typing.start" and
// "typing.stop") in either order and leave the wrong state behind.
// A socket has at most one job queued or running; that job handles one message, then queues the
// next, so a busy socket takes turns with the others and the pool's per-job cleanup runs between
// messages.
#pragma once

#include "kernel/host/worker_pool.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cf {

class SerialInbox {
public:
    using Handler = std::function<void(uint64_t socket_id, int64_t user_id, const std::string& message)>;
    // Told of a message that was not handled (socket over its limits, pool full or stopping).
    using Refused = std::function<void(uint64_t socket_id)>;

    struct Limits {
        size_t messages = 1024;      // waiting per socket (a client may subscribe to many rooms at once)
        size_t bytes = 1024 * 1024;  // waiting per socket
    };

    SerialInbox(WorkerPool& workers, Limits limits, Handler handler, Refused refused);
    SerialInbox(const SerialInbox&) = delete;
    SerialInbox& operator=(const SerialInbox&) = delete;

    // False (and nothing queued) when the socket is over its limits or the pool refuses the job.
    bool push(uint64_t socket_id, int64_t user_id, std::string message);
    // Messages waiting, over all sockets (for /metrics).
    size_t waiting() const;

private:
    struct Waiting {
        int64_t user_id = 0;
        std::string message;
    };
    struct Queue {
        std::deque<Waiting> items;
        size_t bytes = 0;
    };

    void run_one(uint64_t socket_id);
    bool schedule(uint64_t socket_id); // with mu_ held

    WorkerPool& workers_;
    const Limits limits_;
    const Handler handler_;
    const Refused refused_;
    mutable std::mutex mu_;
    // A socket is here exactly while a job for it is queued or running.
    std::unordered_map<uint64_t, Queue> queues_;
};

} // namespace cf
