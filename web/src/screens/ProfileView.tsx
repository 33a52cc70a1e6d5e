// Your profile: avatar, name, email, password, bio, per-room notifications, the session transfer
// link with its QR code, and sign-out.
import { useEffect, useState } from "react";
import { ApiError, api, get, put } from "../lib/api";
import { navigate } from "../lib/navigation";
import { signOut } from "../lib/push";
import type { Room, User } from "../lib/types";
import { qrUrl } from "../lib/qr";

interface Profile extends User {
  transfer_url?: string;
}

const LEVELS = ["mentions", "everything", "nothing", "invisible"] as const;

export function ProfileView(props: { onSignedOut: () => void; onChanged: (me: User) => void }) {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [rooms, setRooms] = useState<Room[]>([]);
  const [password, setPassword] = useState("");
  const [message, setMessage] = useState("");
  const [avatarVersion, setAvatarVersion] = useState(0);

  useEffect(() => {
    void get<{ user: Profile }>("/users/me/profile").then((r) => setProfile(r.user));
    void get<{ direct_rooms: Room[]; shared_rooms: Room[] }>("/users/me/sidebar")
      .then((s) => setRooms([...s.shared_rooms, ...s.direct_rooms]))
      .catch(() => get<{ rooms: Room[] }>("/rooms").then((r) => setRooms(r.rooms)));
  }, []);

  if (!profile) return <main className="page" aria-busy="true" />;

  async function save() {
    setMessage("");
    try {
      const { user } = await put<{ user: Profile }>("/users/me/profile", {
        user: { name: profile!.name, email_address: profile!.email_address, bio: profile!.bio, password },
      });
      setProfile({ ...profile!, ...user });
      setPassword("");
      props.onChanged(user);
      setMessage("Saved.");
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : "Could not save");
    }
  }

  async function upload(file: File) {
    const form = new FormData();
    form.append("user[avatar]", file);
    const r = await fetch("/users/me/avatar", { method: "PUT", body: form, credentials: "same-origin", headers: { Accept: "application/json" } });
    setMessage(r.ok ? "Avatar updated. It may take a little while to change everywhere." : "That image could not be used.");
    setAvatarVersion((v) => v + 1);
  }

  const transfer = profile.transfer_url ? location.origin + profile.transfer_url : "";
  return (
    <main className="page profile" aria-label="Profile">
      <h1>Profile</h1>
      <div className="profile__avatar">
        <img className="avatar avatar--large" src={`/users/${profile.id}/avatar?v=${avatarVersion}`} alt="" width={96} height={96} />
        <label className="button">
          Change avatar
          <input type="file" accept="image/png,image/jpeg,image/webp" hidden onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
        </label>
        <button
          type="button"
          className="link"
          onClick={async () => {
            await api("DELETE", "/users/me/avatar").catch(() => undefined);
            setAvatarVersion((v) => v + 1);
          }}
        >
          Remove avatar
        </button>
      </div>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          Name
          <input value={profile.name} maxLength={100} required onChange={(e) => setProfile({ ...profile, name: e.target.value })} />
        </label>
        <label>
          Email address
          <input type="email" value={profile.email_address ?? ""} onChange={(e) => setProfile({ ...profile, email_address: e.target.value })} />
        </label>
        <label>
          New password (blank keeps the current one)
          <input type="password" autoComplete="new-password" minLength={8} maxLength={72} value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label>
          Bio
          <textarea maxLength={200} value={profile.bio ?? ""} onChange={(e) => setProfile({ ...profile, bio: e.target.value })} />
        </label>
        <button type="submit">Save</button>
        {message && <p role="status">{message}</p>}
      </form>

      <h2>Notifications</h2>
      <ul className="involvements">
        {rooms.map((room) => (
          <li key={room.id}>
            <label>
              {room.name ?? (room.users ?? []).map((u) => u.name).join(", ")}
              <select
                value={room.involvement ?? "mentions"}
                onChange={async (e) => {
                  const involvement = e.target.value;
                  await put(`/rooms/${room.id}/involvement`, { involvement });
                  setRooms((rs) => rs.map((r) => (r.id === room.id ? { ...r, involvement: involvement as Room["involvement"] } : r)));
                }}
              >
                {(room.type === "direct" ? ["everything", "nothing"] : LEVELS).map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>

      {transfer && (
        <>
          <h2>Sign in on another device</h2>
          <p>This is your own private sign-in link, valid once for 4 hours. Do not share it.</p>
          <div className="transfer">
            <img src={qrUrl(transfer)} alt="QR code of your sign-in link" width={160} height={160} />
            <input readOnly value={transfer} aria-label="Sign-in link" onFocus={(e) => e.target.select()} />
            <button type="button" onClick={() => void navigator.clipboard?.writeText(transfer)}>
              Copy
            </button>
          </div>
        </>
      )}

      <button
        type="button"
        className="danger"
        onClick={async () => {
          await signOut();
          navigate("/session/new", true);
          props.onSignedOut();
        }}
      >
        Sign out
      </button>
    </main>
  );
}
