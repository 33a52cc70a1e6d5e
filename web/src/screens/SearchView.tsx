// Search: the newest 100 matches in your rooms, oldest first, each with its room and a link to
// the message; your 10 recent searches as chips, with a way to clear them.
import { useEffect, useState } from "react";
import { ApiError, api, get, post } from "../lib/api";
import { navigate } from "../lib/navigation";
import type { Message } from "../lib/types";

interface Result extends Message {
  room: { id: number; name: string | null; type: string };
}

interface Answer {
  query: string;
  messages: Result[];
  recent: string[];
}

export function SearchView() {
  const initial = new URLSearchParams(location.search).get("q") ?? "";
  const [query, setQuery] = useState(initial);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [recent, setRecent] = useState<string[]>([]);
  const [error, setError] = useState("");

  useEffect(() => {
    void get<{ recent: string[] }>("/searches/recent").then((r) => setRecent(r.recent)).catch(() => undefined);
    if (initial) void run(initial, false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function run(q: string, record = true) {
    setError("");
    try {
      const a = record ? await post<Answer>("/searches", { q }) : await get<Answer>(`/searches?q=${encodeURIComponent(q)}`);
      setAnswer(a);
      setRecent(a.recent);
      history.replaceState(null, "", `/searches?q=${encodeURIComponent(q)}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Search failed");
    }
  }

  return (
    <main className="page search" aria-label="Search">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (query.trim()) void run(query.trim());
        }}
      >
        <input type="search" aria-label="Search messages" placeholder="Search…" value={query} maxLength={256} autoFocus onChange={(e) => setQuery(e.target.value)} />
      </form>
      {recent.length > 0 && (
        <div className="chips" aria-label="Recent searches">
          {recent.map((r) => (
            <button type="button" className="pill" key={r} onClick={() => (setQuery(r), void run(r))}>
              {r}
            </button>
          ))}
          <button
            type="button"
            className="link"
            onClick={async () => {
              if (!confirm("Clear recent searches?")) return;
              await api("DELETE", "/searches/clear");
              setRecent([]);
            }}
          >
            Clear recent searches
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <>
          <h1>
            “{answer.query}” <span className="muted">({answer.messages.length})</span>
          </h1>
          <ol className="search__results">
            {answer.messages.map((m) => (
              <li key={m.id} className="message">
                <header className="message__header">
                  <span className="message__author">{m.creator.name}</span>
                  <a
                    href={`/rooms/${m.room.id}/@${m.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/rooms/${m.room.id}/@${m.id}`);
                    }}
                  >
                    {m.room.name ?? "Ping"} · {new Date(m.created_at).toLocaleString()}
                  </a>
                </header>
                <div className="message__body" dir="auto">
                  {m.plain_body ?? m.body}
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
    </main>
  );
}
