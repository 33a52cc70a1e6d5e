// Read connections: one read-only connection per thread, opened lazily, closed at thread exit.
// Readers never wait on the writer: in WAL mode each reads its own snapshot.
#pragma once

#include <string>

#include "kernel/db/connection.h"

namespace cf::db {

// Once at boot, after the writer has created the file and applied migrations. Calling it again
// (tests) makes each thread reopen its connection on its next reader() call.
void configure_readers(std::string path);

// This thread's read connection. Throws std::runtime_error if unconfigured or unopenable.
// A statement left mid-iteration pins an old snapshot (and stops checkpoints from finishing):
// call reader().reset_all() when a unit of work (a request) ends.
Connection& reader();

}  // namespace cf::db
