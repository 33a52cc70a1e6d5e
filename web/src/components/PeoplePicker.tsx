// Pick people by name (new pings, closed-room members): a filter over the account's people,
// chosen ones shown as removable pills; Backspace on an empty filter removes the last one.
import { useEffect, useMemo, useState } from "react";
import { get } from "../lib/api";
import type { User } from "../lib/types";

export function PeoplePicker(props: {
  me: User;
  label: string;
  initial?: number[];
  onDone: (ids: number[]) => void | Promise<void>;
  submitLabel?: string;
}) {
  const [people, setPeople] = useState<User[]>([]);
  const [chosen, setChosen] = useState<number[]>(props.initial ?? []);
  const [filter, setFilter] = useState("");

  useEffect(() => {
    void get<{ users: User[] }>("/account/users").then((r) => setPeople(r.users.filter((u) => u.id !== props.me.id)));
  }, [props.me.id]);

  const matches = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return people.filter((p) => !chosen.includes(p.id) && (!q || p.name.toLowerCase().includes(q))).slice(0, 20);
  }, [people, chosen, filter]);
  const byId = new Map(people.map((p) => [p.id, p]));

  return (
    <form
      className="picker"
      onSubmit={(e) => {
        e.preventDefault();
        void props.onDone(chosen);
      }}
    >
      <div className="picker__chosen">
        {chosen.map((id) => (
          <button type="button" key={id} className="pill" onClick={() => setChosen((c) => c.filter((x) => x !== id))} aria-label={`Remove ${byId.get(id)?.name ?? id}`}>
            {byId.get(id)?.name ?? id} ×
          </button>
        ))}
        <input
          aria-label={`${props.label}: find people`}
          placeholder="Find people…"
          value={filter}
          autoFocus
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Backspace" && !filter && chosen.length) setChosen((c) => c.slice(0, -1));
            if (e.key === "Enter" && filter && matches[0]) {
              e.preventDefault();
              setChosen((c) => [...c, matches[0].id]);
              setFilter("");
            }
          }}
        />
      </div>
      <ul className="picker__matches" role="listbox" aria-label="People">
        {matches.map((p) => (
          <li key={p.id} role="option" aria-selected={false}>
            <button type="button" onClick={() => (setChosen((c) => [...c, p.id]), setFilter(""))}>
              {p.name}
            </button>
          </li>
        ))}
      </ul>
      <button type="submit" disabled={!chosen.length}>
        {props.submitLabel ?? props.label}
      </button>
    </form>
  );
}
