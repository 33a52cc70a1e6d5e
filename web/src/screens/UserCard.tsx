// Someone's card: avatar, name, bio, "Ping"; administrators also see the email, a sign-in link
// to hand them, and ban / remove ban.
import { useEffect, useState } from "react";
import { ApiError, api, get, post } from "../lib/api";
import { qrUrl } from "../lib/qr";
import type { User } from "../lib/types";
import { openDirect } from "../components/Sidebar";

interface Card extends User {
  transfer_url?: string;
}

export function UserCard(props: { me: User; userId: number }) {
  const [user, setUser] = useState<Card | null>(null);
  const [message, setMessage] = useState("");
  useEffect(() => {
    void get<{ user: Card }>(`/users/${props.userId}`).then((r) => setUser(r.user)).catch(() => setMessage("No such person."));
  }, [props.userId]);

  if (!user) return <main className="page">{message}</main>;
  const admin = props.me.role === "administrator";

  async function ban(on: boolean) {
    if (on && !confirm("This will log them out, delete their messages, and block their IP addresses.")) return;
    try {
      const r = on ? await post<{ user: Card }>(`/users/${user!.id}/ban`) : await api<{ user: Card }>("DELETE", `/users/${user!.id}/ban`);
      setUser({ ...user!, ...r.user });
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : "That did not work");
    }
  }

  const transfer = user.transfer_url ? location.origin + user.transfer_url : "";
  return (
    <main className="page user-card" aria-label={user.name}>
      <img className="avatar avatar--large" src={`/users/${user.id}/avatar`} alt="" width={96} height={96} />
      <h1>{user.name}</h1>
      {user.status === "deactivated" ? <p>{user.name} is no longer on this account.</p> : user.bio && <p>{user.bio}</p>}
      {admin && user.email_address && (
        <p>
          <a href={`mailto:${user.email_address}`}>{user.email_address}</a>
        </p>
      )}
      {user.id !== props.me.id && user.status === "active" && (
        <button type="button" onClick={() => void openDirect([user.id])}>
          Ping
        </button>
      )}
      {admin && user.id !== props.me.id && transfer && (
        <div className="transfer">
          <p>Share to get them back into their account (valid once, for 4 hours):</p>
          <img src={qrUrl(transfer)} alt="QR code of their sign-in link" width={140} height={140} />
          <input readOnly value={transfer} aria-label="Their sign-in link" onFocus={(e) => e.target.select()} />
        </div>
      )}
      {admin && user.id !== props.me.id && user.role !== "bot" && user.status !== "deactivated" && (
        <button type="button" className="danger" onClick={() => void ban(user.status !== "banned")}>
          {user.status === "banned" ? "Remove ban" : `Ban ${user.name}`}
        </button>
      )}
      {message && <p role="status">{message}</p>}
    </main>
  );
}
