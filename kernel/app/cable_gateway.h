// Connects the WebSocket server to the rest of the kernel: who a socket is, what it may
// subscribe to (the cable.subscribe check hook), replay from the event store, plugin channels,
// and the Fanout the bus publishes through.
#pragma once

#include "kernel/auth/cookie.h"
#include "kernel/bus/fanout.h"
#include "kernel/host/kernel.h"
#include "kernel/host/serial_inbox.h"
#include "kernel/host/worker_pool.h"
#include "kernel/net/cable_server.h"

#include <memory>

namespace cf {

class CableGateway final : public Fanout {
public:
    CableGateway(Kernel& kernel, WorkerPool& workers, const CookieSigner& signer);
    net::CableCallbacks callbacks();
    void attach(net::CableServer* server) { server_ = server; }
    // Client messages received and not yet handled, over all sockets (/metrics).
    size_t messages_waiting() const { return inbox_.waiting(); }

    // Fanout
    void publish(const db::StoredEvent& event) override;
    void send_room(int64_t room_id, std::string_view type, std::string_view json) override;
    void send_user(int64_t user_id, std::string_view type, std::string_view json) override;
    void send_socket(uint64_t socket_id, std::string_view type, std::string_view json) override;
    void leave_room(int64_t room_id, int64_t user_id) override;
    void disconnect_user(int64_t user_id) override;

private:
    void handle(uint64_t socket_id, int64_t user_id, const std::string& message);
    void subscribe(uint64_t socket_id, const UserInfo& user, int64_t room_id, std::optional<int64_t> since);

    Kernel& kernel_;
    const CookieSigner& signer_;
    net::CableServer* server_ = nullptr;
    SerialInbox inbox_; // each socket's messages in order, on the worker pool
};

} // namespace cf
