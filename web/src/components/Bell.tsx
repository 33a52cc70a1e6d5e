// The room's notification bell: turns on browser notifications (service worker + push
// subscription), then each click moves the room's involvement to the next level (Campfire's cycle,
// given by the server as `next`).
import { useEffect, useState } from "react";
import { get, put } from "../lib/api";
import { enablePush, pushState, type PushState } from "../lib/push";
import { Icon, type IconName } from "./Icon";

interface Involvement {
  room_id: number;
  involvement: string;
  label: string;
  next: string;
}

// Mentions shows an @ (a glyph every font has); the others are our icons.
const ICONS: Record<string, IconName> = { everything: "bell", nothing: "bell-off", invisible: "eye-off" };

export function Bell(props: { roomId: number; pushOn: boolean }) {
  const [level, setLevel] = useState<Involvement | null>(null);
  const [push, setPush] = useState<PushState>("unknown");
  const [help, setHelp] = useState(false);

  useEffect(() => {
    void get<Involvement>(`/rooms/${props.roomId}/involvement`).then(setLevel).catch(() => setLevel(null));
  }, [props.roomId]);
  useEffect(() => {
    if (props.pushOn) void pushState().then(setPush);
  }, [props.pushOn]);

  if (!level) return null;

  async function click() {
    if (props.pushOn && push !== "subscribed") {
      const state = await enablePush();
      setPush(state);
      if (state === "denied" || state === "unsupported") setHelp(true);
      if (state !== "subscribed") return;
    }
    setLevel(await put<Involvement>(`/rooms/${props.roomId}/involvement`, { involvement: level!.next }));
  }

  const alert = props.pushOn && push !== "subscribed";
  return (
    <>
      <button
        type="button"
        className={`bell${alert ? " bell--alert" : ""}`}
        title={alert ? "Turn on notifications" : level.label}
        aria-label={alert ? "Turn on notifications" : level.label}
        onClick={() => void click()}
      >
        {level.involvement === "mentions" && !alert ? <span className="bell__at">@</span> : <Icon name={alert ? "bell" : ICONS[level.involvement] ?? "bell"} />}
        {alert && <span className="bell__dot" aria-hidden="true" />}
      </button>
      {help && (
        <dialog open className="dialog" aria-label="Notifications are blocked">
          <p>
            Notifications are blocked for this site. Allow them in your browser's site settings (and in your system's
            notification settings), then click the bell again. On iPhone and iPad, add Campfire to your Home Screen first.
          </p>
          <button type="button" onClick={() => setHelp(false)}>
            OK
          </button>
        </dialog>
      )}
    </>
  );
}
