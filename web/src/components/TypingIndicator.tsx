// "Ann, Bob are typing…": names from typing.started, each expiring 5 s after its last start
// (re-checked every second) or at typing.stopped, as Campfire.
import { useEffect, useState } from "react";
import type { Cable } from "../lib/cable";

const EXPIRY_MS = 5000;

export function TypingIndicator(props: { cable: Cable; roomId: number; meId: number }) {
  const [typers, setTypers] = useState(new Map<number, { name: string; at: number }>());
  useEffect(() => {
    const off = props.cable.on((e) => {
      if (e.room_id !== props.roomId) return;
      const data = e.data as { user?: { id: number; name: string }; creator?: { id: number; name: string } } | undefined;
      const user = e.type === "message.created" ? data?.creator : data?.user;
      if (!user || user.id === props.meId) return;
      if (e.type === "typing.started")
        setTypers((t) => new Map(t).set(user.id, { name: user.name, at: Date.now() }));
      if (e.type === "typing.stopped" || e.type === "message.created")
        setTypers((t) => {
          const next = new Map(t);
          next.delete(user.id);
          return next;
        });
    });
    const timer = setInterval(() => {
      setTypers((t) => {
        const now = Date.now();
        const next = new Map([...t].filter(([, v]) => now - v.at < EXPIRY_MS));
        return next.size === t.size ? t : next;
      });
    }, 1000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [props.cable, props.roomId, props.meId]);
  const names = [...typers.values()].map((v) => v.name).sort((a, b) => a.localeCompare(b));
  return (
    <div className="typing" aria-live="polite">
      {names.length > 0 && `${names.join(", ")} ${names.length === 1 ? "is" : "are"} typing…`}
    </div>
  );
}
