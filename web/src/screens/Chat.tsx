// The signed-in app: the sidebar of rooms and the open room, over one WebSocket connection.
import { useEffect, useMemo, useState } from "react";
import { del, get } from "../lib/api";
import { Cable, type CableEvent } from "../lib/cable";
import { navigate, usePath } from "../lib/navigation";
import type { Features, Room, User } from "../lib/types";
import { RoomView } from "./RoomView";

export function roomName(room: Room, me: User): string {
  if (room.name) return room.name;
  const others = (room.users ?? []).filter((u) => u.id !== me.id).map((u) => u.name);
  return others.length ? others.join(", ") : me.name;
}

export function Chat(props: { me: User; onSignedOut: () => void }) {
  const { me } = props;
  const path = usePath();
  const [rooms, setRooms] = useState<Room[]>([]);
  const [cable, setCable] = useState<Cable | null>(null);
  const [online, setOnline] = useState(true);
  const [features, setFeatures] = useState<Record<string, boolean>>({});

  // What is switched on; features switched off on the server disappear from the UI.
  useEffect(() => {
    const load = () =>
      void get<Features>("/api/features")
        .then((f) => setFeatures(Object.fromEntries(Object.entries(f.features).map(([k, v]) => [k, v.enabled]))))
        .catch(() => undefined);
    load();
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    let socket: Cable | null = null;
    void (async () => {
      const [features, list] = await Promise.all([get<Features>("/api/features"), get<{ rooms: Room[] }>("/rooms")]);
      setRooms(list.rooms);
      socket = new Cable(features.cable_url);
      socket.onStatus(setOnline);
      socket.connect();
      setCable(socket);
    })();
    return () => socket?.close();
  }, []);

  // Unread and read marks arrive per user, on every tab.
  useEffect(() => {
    if (!cable) return;
    return cable.on((event: CableEvent) => {
      const data = event.data as { room_id?: number } | undefined;
      if (event.type === "room.read" && data?.room_id)
        setRooms((rs) => rs.map((r) => (r.id === data.room_id ? { ...r, unread: false } : r)));
      if (event.type === "room.unread" && data?.room_id)
        setRooms((rs) => rs.map((r) => (r.id === data.room_id ? { ...r, unread: true } : r)));
    });
  }, [cable]);

  const match = path.match(/^\/rooms\/(\d+)(?:\/@(\d+))?/);
  const target = match?.[2] ? Number(match[2]) : undefined;
  const roomParam = match?.[1];
  const current = useMemo(() => {
    const id = roomParam ? Number(roomParam) : rooms[0]?.id;
    return rooms.find((r) => r.id === id);
  }, [roomParam, rooms]);

  async function signOut() {
    await del("/session");
    cable?.close();
    navigate("/session/new", true);
    props.onSignedOut();
  }

  const shared = rooms.filter((r) => r.type !== "direct");
  const directs = rooms.filter((r) => r.type === "direct");

  return (
    <div className="chat">
      <nav className="sidebar" aria-label="Rooms">
        <header className="sidebar__me">
          <span>{me.name}</span>
          <button type="button" className="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </header>
        {directs.length > 0 && (
          <>
            <h2>Pings</h2>
            <RoomList rooms={directs} me={me} current={current} />
          </>
        )}
        <h2>Rooms</h2>
        <RoomList rooms={shared} me={me} current={current} />
      </nav>
      {current && cable ? (
        <RoomView
          key={current.id}
          room={current}
          title={roomName(current, me)}
          me={me}
          cable={cable}
          online={online}
          features={features}
          target={target}
        />
      ) : (
        <main className="room room--empty">{rooms.length ? "" : "No rooms yet"}</main>
      )}
    </div>
  );
}

function RoomList(props: { rooms: Room[]; me: User; current?: Room }) {
  return (
    <ul className="rooms">
      {props.rooms.map((room) => (
        <li key={room.id}>
          <a
            href={`/rooms/${room.id}`}
            className={`rooms__item${room.unread ? " rooms__item--unread" : ""}`}
            aria-current={room.id === props.current?.id ? "page" : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/rooms/${room.id}`);
            }}
          >
            {roomName(room, props.me)}
          </a>
        </li>
      ))}
    </ul>
  );
}
