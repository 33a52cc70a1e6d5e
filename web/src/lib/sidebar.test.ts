import { describe, expect, it } from "vitest";
import { EMPTY_SIDEBAR, applySidebarEvent, type SidebarData } from "./sidebar";
import type { Room } from "./types";

const room = (id: number, name: string | null, type: Room["type"] = "open"): Room => ({
  id,
  type,
  name,
  creator_id: 1,
  updated_at: "2026-11-23T00:00:00Z",
  last_message_at: null,
});
const withRooms = (shared: Room[], direct: Room[] = []): SidebarData => ({ ...EMPTY_SIDEBAR, shared_rooms: shared, direct_rooms: direct });
const names = (rooms: Room[]) => rooms.map((r) => r.name ?? `#${r.id}`);

describe("applySidebarEvent", () => {
  it("adds shared rooms in name order and replaces them when updated", () => {
    let s = withRooms([room(1, "All Talk"), room(3, "Zoo")]);
    s = applySidebarEvent(s, { type: "sidebar.room_added", data: room(2, "lounge") }, undefined);
    expect(names(s.shared_rooms)).toEqual(["All Talk", "lounge", "Zoo"]);
    s = applySidebarEvent(s, { type: "sidebar.room_updated", data: room(2, "Attic") }, undefined);
    expect(names(s.shared_rooms)).toEqual(["All Talk", "Attic", "Zoo"]);
  });

  it("is idempotent, so replaying an event the reload already reflects changes nothing", () => {
    const added = { type: "sidebar.room_added", data: room(2, "Lounge") };
    const once = applySidebarEvent(withRooms([room(1, "All Talk")]), added, undefined);
    expect(applySidebarEvent(once, added, undefined)).toEqual(once);
  });

  it("removes rooms from either list", () => {
    let s = withRooms([room(1, "All Talk")], [room(5, null, "direct")]);
    s = applySidebarEvent(s, { type: "sidebar.room_removed", data: { id: 5 } }, undefined);
    s = applySidebarEvent(s, { type: "sidebar.room_removed", data: { id: 1 } }, undefined);
    expect(s.shared_rooms).toEqual([]);
    expect(s.direct_rooms).toEqual([]);
  });

  it("marks unread except for the room on screen, bumps direct rooms, and clears on read", () => {
    let s = withRooms([room(1, "All Talk")], [room(5, null, "direct"), room(6, null, "direct")]);
    s = applySidebarEvent(s, { type: "room.unread", data: { room_id: 1 } }, 1);
    expect(s.shared_rooms[0].unread).toBeFalsy();
    s = applySidebarEvent(s, { type: "room.unread", data: { room_id: 6 } }, 1);
    expect(s.direct_rooms.map((r) => [r.id, !!r.unread])).toEqual([
      [6, true],
      [5, false],
    ]);
    s = applySidebarEvent(s, { type: "room.read", data: { room_id: 6 } }, 1);
    expect(s.direct_rooms[0].unread).toBe(false);
  });

  it("leaves the sidebar alone for other events", () => {
    const s = withRooms([room(1, "All Talk")]);
    expect(applySidebarEvent(s, { type: "message.created", data: { id: 9 } }, undefined)).toBe(s);
  });
});
