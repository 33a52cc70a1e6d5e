// typing/tracker.hpp: who is typing where, in memory only. Mirrors Campfire's typing tracker
// (typing_tracker.js): a start is announced at most once per second per user and room, and a
// typer not refreshed within 5 s counts as stopped. Bounded: at most kMaxEntries typers.
// Not thread-safe by itself: typing.cpp guards it with one mutex. No SDK dependency.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace typing {

using Clock = std::chrono::steady_clock;

inline constexpr auto kThrottle = std::chrono::seconds(1);
inline constexpr auto kExpiry = std::chrono::seconds(5);
inline constexpr std::size_t kMaxEntries = 10000;

struct Typer {
    int64_t room_id;
    int64_t user_id;
    std::string name;
};

class Tracker {
public:
    enum class Start { Announce, Throttled, Full };

    // Refreshes (room, user)'s expiry; says whether to announce it now.
    Start start(int64_t room, int64_t user, std::string name, Clock::time_point now) {
        auto it = entries_.find({room, user});
        if (it == entries_.end()) {
            if (entries_.size() >= kMaxEntries) return Start::Full;
            entries_.emplace(std::pair{room, user}, Entry{std::move(name), now + kExpiry, now});
            return Start::Announce;
        }
        it->second.expires = now + kExpiry;
        if (now - it->second.announced < kThrottle) return Start::Throttled;
        it->second.announced = now;
        it->second.name = std::move(name);
        return Start::Announce;
    }

    // Forgets (room, user); true when it was typing (so a stop is worth announcing).
    bool stop(int64_t room, int64_t user) { return entries_.erase({room, user}) > 0; }

    // Removes and returns every typer whose expiry has passed.
    std::vector<Typer> expire(Clock::time_point now) {
        std::vector<Typer> gone;
        for (auto it = entries_.begin(); it != entries_.end();) {
            if (it->second.expires > now) { ++it; continue; }
            gone.push_back(Typer{it->first.first, it->first.second, std::move(it->second.name)});
            it = entries_.erase(it);
        }
        return gone;
    }

    void clear() { entries_.clear(); }
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        std::string name;
        Clock::time_point expires;
        Clock::time_point announced;
    };
    std::map<std::pair<int64_t, int64_t>, Entry> entries_;
};

} // namespace typing
