// The sidebar's data and how per-user live events change it. Pure, so that a reload can replay the
// events that arrived while it was in flight on top of what the server returned.
import type { CableEvent } from "./cable";
import type { Room, UserRef } from "./types";

export interface SidebarData {
  direct_rooms: Room[];
  shared_rooms: Room[];
  direct_placeholders: (UserRef & { avatar_url?: string })[];
  can_create_rooms: boolean;
}

export const EMPTY_SIDEBAR: SidebarData = { direct_rooms: [], shared_rooms: [], direct_placeholders: [], can_create_rooms: true };

// Is this one of the events that change the sidebar?
export function isSidebarEvent(event: CableEvent): boolean {
  return ["room.read", "room.unread", "sidebar.room_added", "sidebar.room_updated", "sidebar.room_removed"].includes(event.type);
}

// The sidebar after `event`; `currentRoomId` is the room on screen (it never shows as unread).
export function applySidebarEvent(s: SidebarData, event: CableEvent, currentRoomId: number | undefined): SidebarData {
  const data = event.data as (Room & { room_id?: number }) | undefined;
  if (!data) return s;
  switch (event.type) {
    case "room.read":
      return mark(s, data.room_id, false);
    case "room.unread":
      return data.room_id === currentRoomId ? s : mark(s, data.room_id, true);
    case "sidebar.room_added":
    case "sidebar.room_updated":
      return place(s, data);
    case "sidebar.room_removed":
      return {
        ...s,
        shared_rooms: s.shared_rooms.filter((r) => r.id !== data.id),
        direct_rooms: s.direct_rooms.filter((r) => r.id !== data.id),
      };
    default:
      return s;
  }
}

function mark(s: SidebarData, id: number | undefined, unread: boolean): SidebarData {
  return {
    ...s,
    shared_rooms: s.shared_rooms.map((r) => (r.id === id ? { ...r, unread } : r)),
    direct_rooms: (unread ? bump(s.direct_rooms, id) : s.direct_rooms).map((r) => (r.id === id ? { ...r, unread } : r)),
  };
}

// Direct rooms sort by recent activity: a room with news moves to the top.
function bump(list: Room[], id: number | undefined): Room[] {
  const room = list.find((r) => r.id === id);
  return room ? [room, ...list.filter((r) => r.id !== id)] : list;
}

// Adds or replaces a room: direct rooms go to the top, shared rooms stay sorted by name.
function place(s: SidebarData, room: Room): SidebarData {
  if (room.type === "direct") {
    const rest = s.direct_rooms.filter((r) => r.id !== room.id);
    return { ...s, direct_rooms: [room, ...rest] };
  }
  const shared = [...s.shared_rooms.filter((r) => r.id !== room.id), room];
  shared.sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "", undefined, { sensitivity: "base" }));
  return { ...s, shared_rooms: shared };
}
