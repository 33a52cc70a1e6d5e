// New room and room settings: name, "Everyone" (open) or chosen people (closed), delete.
// Only the creator and administrators may change a shared room; others see it read-only.
import { useEffect, useState } from "react";
import { ApiError, del, get, post, put } from "../lib/api";
import { navigate } from "../lib/navigation";
import type { Room, User } from "../lib/types";

interface Member {
  id: number;
  name: string;
}

export function RoomSettings(props: { me: User; roomId?: number }) {
  const { me, roomId } = props;
  const [room, setRoom] = useState<(Room & { members?: Member[] }) | null>(null);
  const [name, setName] = useState("");
  const [open, setOpen] = useState(true);
  const [people, setPeople] = useState<User[]>([]);
  const [members, setMembers] = useState<Set<number>>(new Set([me.id]));
  const [filter, setFilter] = useState("");
  const [error, setError] = useState("");

  useEffect(() => {
    void get<{ users: User[] }>("/account/users").then((r) => setPeople(r.users));
    if (!roomId) return;
    void get<Room & { members?: Member[] }>(`/rooms/${roomId}`).then((r) => {
      setRoom(r);
      setName(r.name ?? "");
      setOpen(r.type === "open");
      setMembers(new Set((r.members ?? []).map((m) => m.id)));
    });
  }, [roomId]);

  const editable = !room || room.creator_id === me.id || me.role === "administrator";
  const direct = room?.type === "direct";

  async function save() {
    setError("");
    try {
      const body = { room: { name: name.trim() || "New room" }, user_ids: [...members].filter((id) => id !== me.id) };
      let saved: Room;
      if (!roomId) saved = await post<Room>(open ? "/rooms/opens" : "/rooms/closeds", body);
      else saved = await put<Room>(open ? `/rooms/opens/${roomId}` : `/rooms/closeds/${roomId}`, open ? { room: body.room } : { ...body, user_ids: [...members] });
      navigate(`/rooms/${saved.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not save the room");
    }
  }

  async function remove() {
    const prompt = direct ? "Delete this ping?" : "Are you sure you want to delete this room and all messages in it? This can't be undone.";
    if (!roomId || !confirm(prompt)) return;
    try {
      await del(`/rooms/${roomId}`);
      navigate("/");
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not delete the room");
    }
  }

  const shown = people.filter((p) => p.role !== "bot" || members.has(p.id)).filter((p) => !filter || p.name.toLowerCase().includes(filter.toLowerCase()));
  shown.sort((a, b) => Number(members.has(b.id)) - Number(members.has(a.id)) || a.name.localeCompare(b.name));

  return (
    <main className="page" aria-label={roomId ? "Room settings" : "New room"}>
      <h1>{roomId ? (direct ? "Ping settings" : "Room settings") : "New room"}</h1>
      {direct ? (
        <p>{(room?.users ?? []).map((u) => u.name).join(", ")}</p>
      ) : (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset disabled={!editable} className="stack">
            <label>
              Name
              <input value={name} onChange={(e) => setName(e.target.value)} maxLength={255} placeholder="New room" />
            </label>
            <label className="switch">
              <input type="checkbox" role="switch" checked={open} onChange={(e) => setOpen(e.target.checked)} />
              Everyone
            </label>
            {!open && (
              <div className="stack">
                {people.length > 20 && <input aria-label="Filter people" placeholder="Filter…" value={filter} onChange={(e) => setFilter(e.target.value)} />}
                <ul className="people-switches">
                  {shown.map((p) => (
                    <li key={p.id}>
                      <label className="switch">
                        <input
                          type="checkbox"
                          role="switch"
                          checked={members.has(p.id) || p.id === me.id}
                          disabled={p.id === me.id}
                          onChange={(e) =>
                            setMembers((m) => {
                              const next = new Set(m);
                              if (e.target.checked) next.add(p.id);
                              else next.delete(p.id);
                              return next;
                            })
                          }
                        />
                        {p.name}
                      </label>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {editable && <button type="submit">{roomId ? "Save" : "Create room"}</button>}
          </fieldset>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {roomId && (editable || direct) && (
        <button type="button" className="danger" onClick={() => void remove()}>
          {direct ? "Delete Ping" : "Delete room"}
        </button>
      )}
    </main>
  );
}
