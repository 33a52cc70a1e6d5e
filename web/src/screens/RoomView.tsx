// One room: a window of messages (paged up and down, capped in the DOM), live updates from the
// cable, permalinks, typing, sounds, and the composer.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { Bell } from "../components/Bell";
import { Composer } from "../components/Composer";
import { MessageItem } from "../components/MessageItem";
import { TypingIndicator } from "../components/TypingIndicator";
import { get, post } from "../lib/api";
import type { Cable, CableEvent } from "../lib/cable";
import { navigate } from "../lib/navigation";
import { newClientId, remove, sameLocalDay, threaded, upsert, type Shown } from "../lib/messages";
import { isEmojiOnly, plainText } from "../lib/richtext";
import { loadSounds, play, type SoundInfo } from "../lib/sounds";
import type { Boost, Message, Room, User } from "../lib/types";
import { Icon } from "../components/Icon";

const DOM_CAP = 300; // messages kept on screen; trimmed once over DOM_CAP + 20
const NEAR_BOTTOM_PX = 100;

export function RoomView(props: {
  room: Room;
  title: string;
  me: User;
  cable: Cable;
  online: boolean;
  features: Record<string, boolean>;
  target?: number; // a permalinked message id
}) {
  const { room, me, cable } = props;
  const [messages, setMessages] = useState<Shown[]>([]);
  const [hasOlder, setHasOlder] = useState(true);
  const [latest, setLatest] = useState(true); // the window reaches the newest message
  const [editing, setEditing] = useState<number | null>(null);
  const [reply, setReply] = useState<string | null>(null);
  const [sounds, setSounds] = useState(new Map<string, SoundInfo>());
  const [awayFromBottom, setAwayFromBottom] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  const stick = useRef(true); // follow new messages while the view is at the bottom
  const keepOffset = useRef<number | null>(null);
  const typingSent = useRef(0);

  const atBottom = () => {
    const el = list.current;
    return !el || el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
  };

  const replaceWindow = useCallback((page: Message[], reachesNewest: boolean) => {
    setMessages(page.reduce<Shown[]>(upsert, []));
    setLatest(reachesNewest);
    setHasOlder(page.length > 0);
  }, []);

  useEffect(() => {
    if (props.features.sounds) void loadSounds().then(setSounds);
  }, [props.features.sounds]);

  useEffect(() => {
    let live = true;
    const url = props.target ? `/rooms/${room.id}/messages?around=${props.target}` : `/rooms/${room.id}/messages`;
    void get<{ messages: Message[] }>(url)
      .then((page) => {
        if (!live) return;
        replaceWindow(page.messages, !props.target);
        if (props.target) {
          stick.current = false;
          requestAnimationFrame(() => document.getElementById(`message_${props.target}`)?.scrollIntoView({ block: "center" }));
        }
      })
      .catch(() => live && replaceWindow([], true));
    const off = cable.on((event: CableEvent) => {
      if (event.room_id !== room.id) return;
      const data = event.data as Record<string, unknown>;
      switch (event.type) {
        case "message.created": {
          // The event is {"room":{...},"message":{...}} (also the NOTIFY payload other plugins read).
          const m = (data.message ?? data) as unknown as Message;
          stick.current = atBottom();
          setMessages((current) => upsert(current, m));
          if (m.content_type === "sound" && stick.current) void loadSounds().then((s) => s.get(soundName(m)) && play(s.get(soundName(m))!));
          break;
        }
        case "message.updated":
          setMessages((current) =>
            current.some((x) => x.id === (data.id as number))
              ? upsert(current, { ...(data as unknown as Message), boosts: current.find((x) => x.id === data.id)?.boosts })
              : current,
          );
          break;
        case "message.deleted":
          setMessages((current) => remove(current, data.id as number));
          break;
        case "boost.created":
          setMessages((current) => current.map((x) => (x.id === data.message_id ? withBoost(x, data as unknown as Boost) : x)));
          break;
        case "boost.deleted":
          setMessages((current) =>
            current.map((x) => (x.id === data.message_id ? { ...x, boosts: (x.boosts ?? []).filter((b) => b.id !== data.id) } : x)),
          );
          break;
        case "reload":
          void get<{ messages: Message[] }>(`/rooms/${room.id}/messages`).then((page) => replaceWindow(page.messages, true));
          break;
      }
    });
    cable.subscribe(room.id);
    // Presence: here while visible; a hidden tab counts as away after 5 s (Campfire's debounce).
    let present = false;
    const setPresent = (here: boolean) => {
      if (here !== present && cable.send({ type: here ? "presence.present" : "presence.absent", room_id: room.id })) present = here;
    };
    setPresent(!document.hidden);
    const offStatus = cable.onStatus((up) => {
      present = false;
      if (up) setTimeout(() => setPresent(!document.hidden), 0);
    });
    let visibilityTimer: ReturnType<typeof setTimeout> | undefined;
    const onVisibility = () => {
      clearTimeout(visibilityTimer);
      visibilityTimer = setTimeout(() => setPresent(!document.hidden), 5000);
    };
    document.addEventListener("visibilitychange", onVisibility);
    const refresh = setInterval(() => present && cable.send({ type: "presence.refresh", room_id: room.id }), 50_000);
    return () => {
      live = false;
      off();
      offStatus();
      clearTimeout(visibilityTimer);
      document.removeEventListener("visibilitychange", onVisibility);
      clearInterval(refresh);
      if (present) cable.send({ type: "presence.absent", room_id: room.id });
      cable.unsubscribe(room.id);
    };
  }, [room.id, cable, props.target, replaceWindow]);

  // Keep the reader's place: follow the bottom, or hold the position when older pages arrive.
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    if (keepOffset.current !== null) {
      el.scrollTop = el.scrollHeight - keepOffset.current;
      keepOffset.current = null;
    } else if (stick.current && latest) {
      el.scrollTop = el.scrollHeight;
    }
    setAwayFromBottom(!atBottom() || !latest);
  }, [messages, latest]);

  async function loadOlder() {
    const first = messages.find((m) => !m.pending);
    if (!first || !hasOlder) return;
    const page = await get<{ messages: Message[] }>(`/rooms/${room.id}/messages?before=${first.id}`);
    if (!page.messages.length) return setHasOlder(false);
    keepOffset.current = list.current ? list.current.scrollHeight - list.current.scrollTop : null;
    stick.current = false;
    setMessages((current) => {
      const merged = page.messages.reduce(upsert, current);
      if (merged.length > DOM_CAP + 20) setLatest(false);
      return merged.length > DOM_CAP + 20 ? merged.slice(0, DOM_CAP) : merged;
    });
  }

  async function loadNewer() {
    const last = [...messages].reverse().find((m) => !m.pending);
    if (!last || latest) return;
    const page = await get<{ messages: Message[] }>(`/rooms/${room.id}/messages?after=${last.id}`);
    if (page.messages.length === 0) return setLatest(true);
    setMessages((current) => {
      const merged = page.messages.reduce(upsert, current);
      return merged.length > DOM_CAP + 20 ? merged.slice(merged.length - DOM_CAP) : merged;
    });
  }

  function onScroll() {
    const el = list.current;
    if (!el) return;
    if (el.scrollTop < 200) void loadOlder();
    if (el.scrollHeight - el.scrollTop - el.clientHeight < 200) void loadNewer();
    stick.current = atBottom();
    setAwayFromBottom(!stick.current || !latest);
  }

  function jumpToNewest() {
    stick.current = true;
    history.replaceState(null, "", `/rooms/${room.id}`);
    void get<{ messages: Message[] }>(`/rooms/${room.id}/messages`).then((page) => replaceWindow(page.messages, true));
  }

  async function send(html: string) {
    stick.current = true;
    const client_message_id = newClientId();
    const now = new Date().toISOString();
    const text = plainText(html);
    const pending: Shown = {
      id: 0,
      room_id: room.id,
      creator: { id: me.id, name: me.name },
      creator_id: me.id,
      client_message_id,
      body: text,
      content_type: "text",
      emoji_only: isEmojiOnly(text),
      created_at: now,
      updated_at: now,
      pending: true,
    };
    setMessages((current) => upsert(current, pending));
    if (!latest) jumpToNewest();
    try {
      const saved = await post<Message>(`/rooms/${room.id}/messages`, { message: { body: html, client_message_id } });
      if (saved && typeof saved === "object" && "id" in saved) setMessages((current) => upsert(current, saved));
      else setMessages((current) => current.filter((m) => m.client_message_id !== client_message_id)); // a command ran
    } catch {
      setMessages((current) => upsert(current, { ...pending, failed: true }));
    }
  }

  function typing(active: boolean) {
    if (!props.features.typing) return;
    const now = Date.now();
    if (active && now - typingSent.current < 1000) return; // throttled to once a second
    typingSent.current = active ? now : 0;
    cable.send({ type: active ? "typing.start" : "typing.stop", room_id: room.id });
  }

  function editLast() {
    const last = [...messages].reverse().find((m) => m.creator_id === me.id && !m.pending && m.content_type === "text");
    if (last) setEditing(last.id);
  }

  function replyTo(m: Shown) {
    const quote = document.createElement("div");
    quote.innerHTML = m.body;
    quote.querySelectorAll("action-text-attachment, figure").forEach((n) => n.remove());
    setReply(
      `<blockquote>${quote.innerHTML}</blockquote><cite>${escape(m.creator.name)} <a href="/rooms/${room.id}/@${m.id}">#</a></cite><br>`,
    );
  }

  return (
    <main className="room" aria-label={props.title}>
      <header className="room__header">
        <h1>{props.title}</h1>
        <Bell roomId={room.id} pushOn={!!props.features.push} />
        <a
          href={`/rooms/${room.id}/settings`}
          aria-label="Room settings"
          title="Room settings"
          onClick={(e) => {
            e.preventDefault();
            navigate(`/rooms/${room.id}/settings`);
          }}
        >
          <Icon name="gear" />
        </a>
      </header>
      <ol className="messages" ref={list} onScroll={onScroll} aria-live="polite">
        {messages.map((m, i) => (
          <MessageItem
            key={m.client_message_id}
            message={m}
            me={me}
            threaded={threaded(messages[i - 1], m)}
            dayStart={i === 0 || !sameLocalDay(messages[i - 1].created_at, m.created_at)}
            highlighted={m.id === props.target}
            editing={editing === m.id}
            boostsOn={!!props.features.boosts}
            sound={m.content_type === "sound" ? sounds.get(soundName(m)) : undefined}
            onEdit={(on) => setEditing(on ? m.id : null)}
            onReply={replyTo}
            onPlay={play}
          />
        ))}
      </ol>
      {awayFromBottom && (
        <button type="button" className="jump" onClick={jumpToNewest}>
          Jump to newest message
        </button>
      )}
      <TypingIndicator cable={cable} roomId={room.id} meId={me.id} />
      <Composer
        roomId={room.id}
        placeholder={props.online ? `Message ${props.title}` : "Offline: reconnecting…"}
        disabled={!props.online}
        onSend={(html) => void send(html)}
        onTyping={typing}
        onEditLast={editLast}
        replyHtml={reply}
      />
    </main>
  );
}

function soundName(m: Message): string {
  return (m.plain_body ?? m.body).trim().slice("/play ".length);
}

function withBoost(m: Shown, b: Boost): Shown {
  const boosts = (m.boosts ?? []).filter((x) => x.id !== b.id);
  return { ...m, boosts: [...boosts, b] };
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
