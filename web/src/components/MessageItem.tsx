// One message: author and time (collapsed when threaded), the body, boosts, and its actions.
import { useState } from "react";
import { del, post, put } from "../lib/api";
import type { Shown } from "../lib/messages";
import type { Boost, User } from "../lib/types";
import type { SoundInfo } from "../lib/sounds";
import { Icon } from "./Icon";

export const QUICK_BOOSTS: [string, string][] = [
  ["👍", "Thumbs up"],
  ["👏", "Clapping"],
  ["👋", "Waving hand"],
  ["💪", "Muscle"],
  ["❤️", "Red heart"],
  ["😂", "Face with tears of joy"],
  ["🎉", "Party popper"],
  ["🔥", "Fire"],
];

export function MessageItem(props: {
  message: Shown;
  me: User;
  threaded: boolean;
  dayStart: boolean;
  highlighted: boolean;
  editing: boolean;
  boostsOn: boolean;
  sound?: SoundInfo;
  onEdit: (editing: boolean) => void;
  onReply: (m: Shown) => void;
  onPlay: (sound: SoundInfo) => void;
}) {
  const { message: m, me } = props;
  const mine = m.creator_id === me.id;
  const mentioned = (m.mentionee_ids ?? []).includes(me.id);
  const canEdit = (mine || me.role === "administrator") && !m.pending;
  const [boosting, setBoosting] = useState(false);
  const [error, setError] = useState("");
  const created = new Date(m.created_at);
  const permalink = `/rooms/${m.room_id}/@${m.id}`;

  const classes = [
    "message",
    mine && "message--me",
    mentioned && "message--mentioned",
    props.threaded && "message--threaded",
    m.emoji_only && "message--emoji",
    m.pending && "message--pending",
    m.failed && "message--failed",
    props.highlighted && "message--highlighted",
  ]
    .filter(Boolean)
    .join(" ");

  async function boost(content: string) {
    setBoosting(false);
    try {
      await post(`/messages/${m.id}/boosts`, { boost: { content } });
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not boost");
    }
  }

  return (
    <>
      {props.dayStart && (
        <li className="day-separator" role="separator">
          <time dateTime={m.created_at}>{created.toLocaleDateString([], { weekday: "long", month: "long", day: "numeric", year: "numeric" })}</time>
        </li>
      )}
      <li className={classes} id={m.id ? `message_${m.id}` : undefined} data-message-id={m.id || undefined}>
        {!props.threaded && <img className="message__avatar" src={`/users/${m.creator_id}/avatar`} alt="" width={32} height={32} loading="lazy" />}
        <header className="message__header">
          <span className="message__author">{m.creator.name}</span>
          <a className="message__time" href={permalink} title={created.toLocaleString()}>
            <time dateTime={m.created_at}>{created.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" })}</time>
          </a>
        </header>
        {props.editing ? (
          <EditForm message={m} onDone={() => props.onEdit(false)} />
        ) : (
          <MessageBody message={m} sound={props.sound} onPlay={props.onPlay} />
        )}
        {m.failed && <p className="message__failed">Not sent</p>}
        {(m.boosts?.length ?? 0) > 0 && <Boosts boosts={m.boosts!} messageId={m.id} me={me} />}
        {!m.pending && !props.editing && (
          <details className="message__actions">
            <summary aria-label="Message actions">⋯</summary>
            <div className="menu">
              {props.boostsOn && (
                <div className="menu__boosts">
                  {QUICK_BOOSTS.map(([emoji, label]) => (
                    <button type="button" key={emoji} aria-label={label} title={label} onClick={() => void boost(emoji)}>
                      {emoji}
                    </button>
                  ))}
                  <button type="button" onClick={() => setBoosting(true)}>
                    New boost
                  </button>
                </div>
              )}
              {m.content_type === "text" && (
                <button type="button" onClick={() => props.onReply(m)}>
                  Reply
                </button>
              )}
              <button type="button" onClick={() => void navigator.clipboard?.writeText(location.origin + permalink)}>
                Copy link
              </button>
              {canEdit && m.content_type !== "attachment" && (
                <button type="button" onClick={() => props.onEdit(true)}>
                  Edit
                </button>
              )}
              {canEdit && (
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    if (confirm("Are you sure you want to delete this message?"))
                      void del(`/rooms/${m.room_id}/messages/${m.id}`).catch((e) => setError(String(e.message)));
                  }}
                >
                  Delete
                </button>
              )}
            </div>
          </details>
        )}
        {boosting && (
          <form
            className="boost-form"
            onSubmit={(e) => {
              e.preventDefault();
              const input = (e.currentTarget.elements.namedItem("content") as HTMLInputElement).value;
              if (input.trim()) void boost(input.trim());
            }}
          >
            <input name="content" aria-label="Boost" maxLength={16} autoFocus required pattern=".*\S.*" />
            <button type="submit">Boost</button>
            <button type="button" className="link" onClick={() => setBoosting(false)}>
              Cancel
            </button>
          </form>
        )}
        {error && (
          <p className="message__failed" role="alert">
            {error}
          </p>
        )}
      </li>
    </>
  );
}

function MessageBody(props: { message: Shown; sound?: SoundInfo; onPlay: (s: SoundInfo) => void }) {
  const m = props.message;
  if (m.content_type === "sound" && props.sound) {
    const s = props.sound;
    return (
      <div className="message__body sound">
        <button type="button" aria-label={`Play ${s.name}`} onClick={() => props.onPlay(s)}>
          <Icon name="speaker" />
        </button>
        {s.image ? <img src={s.image.url} width={s.image.width} height={s.image.height} alt={s.name} /> : <span>{s.text}</span>}
      </div>
    );
  }
  if (m.attachment) {
    return (
      <div className="message__body attachment">
        <a href={m.attachment.url} download={m.attachment.filename}>
          {m.attachment.filename}
        </a>
      </div>
    );
  }
  // Bodies the server has sanitised (they carry plain_body) are HTML; anything else is text.
  if (m.plain_body !== undefined && !m.pending)
    return (
      <div
        className="message__body"
        dir="auto"
        onClick={(e) => {
          const link = (e.target as HTMLElement).closest("a");
          if (link && link.origin !== location.origin) link.target = "_blank";
        }}
        dangerouslySetInnerHTML={{ __html: m.body }}
      />
    );
  return (
    <div className="message__body" dir="auto">
      {m.pending && /^\/play \w+$/.test(m.plain_body ?? m.body) ? `Playing ${(m.plain_body ?? m.body).slice(6)}…` : m.plain_body ?? m.body}
    </div>
  );
}

function Boosts(props: { boosts: Boost[]; messageId: number; me: User }) {
  const [armed, setArmed] = useState<number | null>(null);
  return (
    <ul className="boosts" aria-label="Boosts">
      {props.boosts.map((b) => {
        const mine = b.booster.id === props.me.id;
        return (
          <li key={b.id} className={`boost${[...b.content].length <= 2 ? " boost--emoji" : ""}`} title={b.booster.name}>
            <span className="boost__who">{b.booster.name}</span> {b.content}
            {mine &&
              (armed === b.id ? (
                <button type="button" className="link" onClick={() => void del(`/messages/${props.messageId}/boosts/${b.id}`)}>
                  Remove
                </button>
              ) : (
                <button type="button" className="link" aria-label="Your boost: options" onClick={() => setArmed(b.id)}>
                  ×
                </button>
              ))}
          </li>
        );
      })}
    </ul>
  );
}

function EditForm(props: { message: Shown; onDone: () => void }) {
  const [text, setText] = useState(props.message.plain_body ?? props.message.body);
  const [error, setError] = useState("");
  async function save() {
    try {
      await put(`/rooms/${props.message.room_id}/messages/${props.message.id}`, { message: { body: text } });
      props.onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not save");
    }
  }
  return (
    <form
      className="edit-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <textarea
        aria-label="Edit message"
        autoFocus
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") props.onDone();
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <button type="submit">Save</button>
      <button type="button" className="link" onClick={props.onDone}>
        Cancel
      </button>
      {error && <span role="alert">{error}</span>}
    </form>
  );
}
