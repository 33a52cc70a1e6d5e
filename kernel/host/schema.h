// The kernel's migrations, embedded from schema/*.sql at build time (see kernel/embed_schema.cmake).
#pragma once

#include <string>
#include <vector>

namespace cf {

struct KernelMigration {
    int version;
    const char* name;
    const char* sql;
};

const std::vector<KernelMigration>& kernel_migrations();

} // namespace cf
