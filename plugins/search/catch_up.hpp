// Bringing message_search_index back in step with `messages` after a time the hooks did not run:
// at boot and whenever an administrator re-enables the plugin (messages keep flowing while it is
// off, and deleting a room removes its messages without any message hook).
//
// One pass walks `messages` by id in chunks of kChunk, each chunk its own write (so the writer is
// never held for long), and in each id range:
//  - drops index rows whose message is gone;
//  - re-indexes messages missing from the index, and those whose updated_at is at or after the
//    high-water mark `search_index_state.clean_before` (edited while we were off).
// When the pass completes, clean_before becomes the pass's start time minus a minute of slack
// for clock steps: from then on the hooks keep every change. A pass stops early, leaving the
// mark alone, when the plugin is disabled or a newer pass starts.
#pragma once

#include <campfire/plugin.h>

namespace search {

inline constexpr int kCatchUpChunk = 256;

// Queues a new pass (any thread; also from on_enable on the writer thread). Cancels an older one.
void start_catch_up(cf_ctx* ctx);
// Makes a running pass stop at its next chunk (on disable).
void cancel_catch_up();

} // namespace search
