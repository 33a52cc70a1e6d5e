// Account settings: everyone sees the join link (QR, copy, share) and the people; administrators
// also edit the name, logo, custom CSS and room-creation rule, regenerate the link, promote,
// demote and remove people, and manage bots.
import { useEffect, useState } from "react";
import { ApiError, api, get, post, put } from "../lib/api";
import { navigate } from "../lib/navigation";
import { qrUrl } from "../lib/qr";
import type { User } from "../lib/types";

interface Account {
  name: string;
  join_url: string;
  settings: { restrict_room_creation_to_administrators?: boolean };
  custom_styles: string;
}

interface Bot {
  id: number;
  name: string;
  webhook_url?: string | null;
  bot_key?: string;
}

export function AccountView(props: { me: User }) {
  const admin = props.me.role === "administrator";
  const [account, setAccount] = useState<Account | null>(null);
  const [people, setPeople] = useState<User[]>([]);
  const [bots, setBots] = useState<Bot[] | null>(null);
  const [message, setMessage] = useState("");
  const [logoVersion, setLogoVersion] = useState(0);

  const loadPeople = () => void get<{ users: User[] }>("/account/users").then((r) => setPeople(r.users));
  useEffect(() => {
    void get<{ account: Account }>("/account").then((r) => setAccount(r.account));
    loadPeople();
    if (admin) void get<{ bots: Bot[] }>("/account/bots").then((r) => setBots(r.bots)).catch(() => setBots(null));
  }, [admin]);

  if (!account) return <main className="page" aria-busy="true" />;
  const joinUrl = location.origin + account.join_url;

  async function save(patch: Partial<Account>) {
    setMessage("");
    try {
      const r = await put<{ account: Account }>("/account", { account: patch });
      setAccount(r.account);
      setMessage("Saved.");
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : "Could not save");
    }
  }

  async function act(fn: () => Promise<unknown>) {
    try {
      await fn();
      loadPeople();
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : "That did not work");
    }
  }

  return (
    <main className="page account" aria-label="Account settings">
      <h1>{account.name}</h1>
      {admin && (
        <section className="stack">
          <div className="profile__avatar">
            <img src={`/account/logo?v=${logoVersion}`} alt="Account logo" width={64} height={64} />
            <label className="button">
              Change logo
              <input
                type="file"
                accept="image/png,image/jpeg,image/webp"
                hidden
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  const form = new FormData();
                  form.append("account[logo]", file);
                  const r = await fetch("/account/logo", { method: "PUT", body: form, credentials: "same-origin", headers: { Accept: "application/json" } });
                  setMessage(r.ok ? "Logo updated." : "That image could not be used.");
                  setLogoVersion((v) => v + 1);
                }}
              />
            </label>
          </div>
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              void save({ name: account.name });
            }}
          >
            <label>
              Account name
              <input value={account.name} maxLength={100} onChange={(e) => setAccount({ ...account, name: e.target.value })} />
            </label>
            <button type="submit">Save name</button>
          </form>
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={!!account.settings.restrict_room_creation_to_administrators}
              onChange={(e) => void save({ settings: { restrict_room_creation_to_administrators: e.target.checked } })}
            />
            Must be an administrator to create new rooms
          </label>
          <label>
            Custom CSS (Ctrl/Cmd+Enter saves)
            <textarea
              className="code"
              value={account.custom_styles}
              onChange={(e) => setAccount({ ...account, custom_styles: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) void save({ custom_styles: account.custom_styles });
              }}
            />
          </label>
        </section>
      )}

      <section>
        <h2>Invite people</h2>
        <div className="transfer">
          <img src={qrUrl(joinUrl)} alt="QR code of the join link" width={160} height={160} />
          <input readOnly value={joinUrl} aria-label="Join link" onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(joinUrl)}>
            Copy
          </button>
          {"share" in navigator && (
            <button type="button" onClick={() => void navigator.share({ title: "Link to join Campfire", text: "Hit this link to join me in Campfire and start chatting.", url: joinUrl })}>
              Share
            </button>
          )}
          {admin && (
            <button
              type="button"
              className="link"
              onClick={async () => {
                if (!confirm("Make a new link? The current one stops working.")) return;
                const r = await post<{ account: Account }>("/account/join_code");
                setAccount(r.account);
              }}
            >
              Regenerate
            </button>
          )}
        </div>
      </section>
      {message && <p role="status">{message}</p>}

      <section>
        <h2>People</h2>
        <ul className="people">
          {people.map((p) => (
            <li key={p.id}>
              <a href={`/users/${p.id}`} onClick={(e) => (e.preventDefault(), navigate(`/users/${p.id}`))}>
                {p.name}
              </a>
              {p.role === "administrator" && <span className="muted"> · administrator</span>}
              {p.status === "banned" && <span className="muted"> · banned</span>}
              {admin && p.id !== props.me.id && (
                <>
                  <button
                    type="button"
                    className="link"
                    onClick={() => void act(() => put(`/account/users/${p.id}`, { user: { role: p.role === "administrator" ? "member" : "administrator" } }))}
                  >
                    {p.role === "administrator" ? "Make member" : "Make administrator"}
                  </button>
                  <button
                    type="button"
                    className="link danger"
                    onClick={() => confirm(`Remove ${p.name} from this account?`) && void act(() => api("DELETE", `/account/users/${p.id}`))}
                  >
                    Remove
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>

      {admin && bots && (
        <section>
          <h2>Bots</h2>
          <ul className="people">
            {bots.map((b) => (
              <li key={b.id}>
                {b.name} {b.bot_key && <code className="muted">{b.bot_key}</code>}
              </li>
            ))}
          </ul>
          <form
            className="inline"
            onSubmit={async (e) => {
              e.preventDefault();
              const form = e.currentTarget;
              const name = (form.elements.namedItem("name") as HTMLInputElement).value;
              const webhook_url = (form.elements.namedItem("webhook_url") as HTMLInputElement).value || null;
              try {
                await post("/account/bots", { user: { name, webhook_url } });
                form.reset();
                const r = await get<{ bots: Bot[] }>("/account/bots");
                setBots(r.bots);
              } catch (err) {
                setMessage(err instanceof ApiError ? err.message : "Could not create the bot");
              }
            }}
          >
            <input name="name" aria-label="Bot name" placeholder="Bot name" required maxLength={100} />
            <input name="webhook_url" aria-label="Webhook URL" placeholder="https://… (optional)" type="url" />
            <button type="submit">Add bot</button>
          </form>
        </section>
      )}
    </main>
  );
}
