// The sidebar: Pings (direct rooms by recent activity, then people you could ping), shared rooms by
// name, unread marks, and the links to new rooms, search, your profile and the account.
import { useState } from "react";
import { post } from "../lib/api";
import { navigate } from "../lib/navigation";
import type { SidebarData } from "../lib/sidebar";
import type { Room, User } from "../lib/types";
import { Icon } from "./Icon";
import { PeoplePicker } from "./PeoplePicker";

export function roomName(room: Room, me: User): string {
  if (room.name) return room.name;
  const others = (room.users ?? []).filter((u) => u.id !== me.id).map((u) => u.name);
  return others.length ? others.join(", ") : me.name;
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]?.toUpperCase() ?? "")
    .join("");
}

export async function openDirect(userIds: number[]): Promise<void> {
  const room = await post<Room>("/rooms/directs", { user_ids: userIds });
  navigate(`/rooms/${room.id}`);
}

export function Sidebar(props: { data: SidebarData; me: User; currentId?: number; open: boolean; onClose: () => void }) {
  const { data, me } = props;
  const [picking, setPicking] = useState(false);
  const go = (path: string) => {
    navigate(path);
    props.onClose();
  };
  return (
    <nav className={`sidebar${props.open ? " sidebar--open" : ""}`} aria-label="Rooms">
      <header className="sidebar__me">
        <a href="/users/me/profile" onClick={(e) => (e.preventDefault(), go("/users/me/profile"))} className="sidebar__profile">
          <img className="avatar" src={`/users/${me.id}/avatar`} alt="" width={28} height={28} />
          <span>{me.name}</span>
        </a>
        <a href="/account/edit" onClick={(e) => (e.preventDefault(), go("/account/edit"))} aria-label="Account settings" title="Account settings">
          <Icon name="gear" />
        </a>
        <a href="/searches" onClick={(e) => (e.preventDefault(), go("/searches"))} aria-label="Search" title="Search">
          <Icon name="search" />
        </a>
      </header>

      <div className="sidebar__heading">
        <h2>Pings</h2>
        <button type="button" className="icon" aria-label="New ping" title="New ping" onClick={() => setPicking((p) => !p)}>
          +
        </button>
      </div>
      {picking && (
        <PeoplePicker
          me={me}
          label="Ping"
          onDone={async (ids) => {
            setPicking(false);
            if (ids.length) await openDirect(ids);
          }}
        />
      )}
      <ul className="rooms rooms--directs">
        {data.direct_rooms.map((room) => (
          <RoomLink key={room.id} room={room} me={me} current={props.currentId} go={go} />
        ))}
        {data.direct_placeholders.map((person) => (
          <li key={`p${person.id}`}>
            <button type="button" className="rooms__item rooms__item--placeholder" onClick={() => void openDirect([person.id])}>
              <span className="avatar avatar--initials" aria-hidden="true">
                {initials(person.name)}
              </span>
              {person.name}
            </button>
          </li>
        ))}
      </ul>

      <div className="sidebar__heading">
        <h2>Rooms</h2>
        {data.can_create_rooms && (
          <button type="button" className="icon" aria-label="New room" title="New room" onClick={() => go("/rooms/new")}>
            +
          </button>
        )}
      </div>
      <ul className="rooms">
        {data.shared_rooms.map((room) => (
          <RoomLink key={room.id} room={room} me={me} current={props.currentId} go={go} />
        ))}
      </ul>
    </nav>
  );
}

function RoomLink(props: { room: Room; me: User; current?: number; go: (path: string) => void }) {
  const { room } = props;
  return (
    <li>
      <a
        href={`/rooms/${room.id}`}
        className={`rooms__item${room.unread ? " rooms__item--unread" : ""}`}
        aria-current={room.id === props.current ? "page" : undefined}
        onClick={(e) => {
          e.preventDefault();
          props.go(`/rooms/${room.id}`);
        }}
      >
        {roomName(room, props.me)}
        {room.unread && <span className="visually-hidden"> (unread)</span>}
      </a>
    </li>
  );
}
