// One room: its latest messages, live updates from the cable, and the composer.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { get, post } from "../lib/api";
import type { Cable, CableEvent } from "../lib/cable";
import { newClientId, remove, threaded, upsert, type Shown } from "../lib/messages";
import type { Message, Room, User } from "../lib/types";

export function RoomView(props: { room: Room; title: string; me: User; cable: Cable; online: boolean }) {
  const { room, me, cable } = props;
  const [messages, setMessages] = useState<Shown[]>([]);
  const [draft, setDraft] = useState("");
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    void get<{ messages: Message[] }>(`/rooms/${room.id}/messages`).then((page) => {
      if (live) setMessages((current) => page.messages.reduce(upsert, current));
    });
    const off = cable.on((event: CableEvent) => {
      if (event.room_id !== room.id) return;
      if (event.type === "message.created" || event.type === "message.updated")
        setMessages((current) => upsert(current, event.data as Message));
      if (event.type === "message.deleted") setMessages((current) => remove(current, (event.data as { id: number }).id));
    });
    cable.subscribe(room.id);
    cable.send({ type: "presence.present", room_id: room.id });
    return () => {
      live = false;
      off();
      cable.send({ type: "presence.absent", room_id: room.id });
      cable.unsubscribe(room.id);
    };
  }, [room.id, cable]);

  // A block body: newer browsers return a promise from scrollIntoView, which is not a cleanup.
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [messages.length]);

  async function send() {
    const body = draft.trim();
    if (!body) return;
    setDraft("");
    const client_message_id = newClientId();
    const now = new Date().toISOString();
    const pending: Shown = {
      id: 0,
      room_id: room.id,
      creator: { id: me.id, name: me.name },
      creator_id: me.id,
      client_message_id,
      body,
      content_type: "text",
      created_at: now,
      updated_at: now,
      pending: true,
    };
    setMessages((current) => upsert(current, pending));
    try {
      const saved = await post<Message>(`/rooms/${room.id}/messages`, { message: { body, client_message_id } });
      setMessages((current) => upsert(current, saved));
    } catch {
      setMessages((current) => upsert(current, { ...pending, failed: true }));
    }
  }

  function onKey(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  return (
    <main className="room" aria-label={props.title}>
      <header className="room__header">
        <h1>{props.title}</h1>
      </header>
      <ol className="messages" aria-live="polite">
        {messages.map((m, i) => (
          <li
            key={m.client_message_id}
            className={[
              "message",
              m.creator_id === me.id ? "message--me" : "",
              threaded(messages[i - 1], m) ? "message--threaded" : "",
              m.pending ? "message--pending" : "",
              m.failed ? "message--failed" : "",
            ].join(" ")}
            data-message-id={m.id || undefined}
          >
            <span className="message__author">{m.creator.name}</span>
            <time className="message__time" dateTime={m.created_at} title={new Date(m.created_at).toLocaleString()}>
              {new Date(m.created_at).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" })}
            </time>
            <MessageBody message={m} />
          </li>
        ))}
      </ol>
      <div ref={bottom} />
      <form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <fieldset disabled={!props.online}>
          <textarea
            aria-label="Message"
            placeholder={props.online ? `Message ${props.title}` : "Offline: reconnecting…"}
            value={draft}
            rows={1}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKey}
          />
          <button type="submit">Send</button>
        </fieldset>
      </form>
    </main>
  );
}

// Bodies the server has sanitised (they carry plain_body) are HTML; anything else is shown as text.
function MessageBody({ message }: { message: Shown }) {
  if (message.plain_body !== undefined && !message.pending)
    return <div className="message__body" dir="auto" dangerouslySetInnerHTML={{ __html: message.body }} />;
  return (
    <div className="message__body" dir="auto">
      {message.body}
    </div>
  );
}
