// The composer: a Trix editor (toolbar collapsed until asked for), Enter to send, Shift+Enter for
// a new line (Ctrl/Cmd+Enter sends while the toolbar is open), Up on an empty composer edits your
// last message, @mentions with autocomplete from the room's people, and /commands with
// autocomplete from the server's list (GET /api/commands: plugins' and scripts' commands).
import { useEffect, useId, useRef, useState } from "react";
import Trix from "trix";
import "trix/dist/trix.css";
import { get } from "../lib/api";
import { MENTION_TYPE, isBlank, toServerHtml } from "../lib/richtext";
import { findCommandQuery, loadCommands, matchCommands, type Command } from "../lib/commands";

type Suggestion =
  | { kind: "person"; id: number; name: string; avatar_url?: string }
  | { kind: "command"; command: Command };

interface TrixEditorElement extends HTMLElement {
  editor: {
    getDocument(): { toString(): string };
    getSelectedRange(): [number, number];
    setSelectedRange(range: [number, number]): void;
    insertAttachment(a: unknown): void;
    insertString(s: string): void;
    deleteInDirection(d: "backward" | "forward"): void;
    loadHTML(html: string): void;
  };
  value: string;
}

declare module "react" {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      "trix-editor": React.DetailedHTMLProps<React.HTMLAttributes<HTMLElement>, HTMLElement> & {
        toolbar?: string;
        placeholder?: string;
        class?: string;
      };
      "trix-toolbar": React.DetailedHTMLProps<React.HTMLAttributes<HTMLElement>, HTMLElement>;
    }
  }
}

const isTouch = () => typeof window !== "undefined" && window.matchMedia?.("(pointer: coarse)").matches;

export function Composer(props: {
  roomId: number;
  placeholder: string;
  disabled: boolean;
  onSend: (html: string) => void;
  onTyping: (typing: boolean) => void;
  onEditLast: () => void;
  replyHtml?: string | null;
}) {
  const toolbarId = `composer-toolbar-${useId().replace(/:/g, "")}`;
  const editorRef = useRef<TrixEditorElement | null>(null);
  const [toolbar, setToolbar] = useState(false);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [selected, setSelected] = useState(0);
  const mentionQuery = useRef<{ start: number; end: number; text: string } | null>(null);
  const commandQuery = useRef<{ end: number; text: string } | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const toolbarRef = useRef(toolbar);
  toolbarRef.current = toolbar;
  const suggestionsRef = useRef<{ list: Suggestion[]; selected: number }>({ list: [], selected: 0 });
  suggestionsRef.current = { list: suggestions, selected };

  function send() {
    const el = editorRef.current;
    if (!el) return;
    const html = el.value;
    if (isBlank(html)) return;
    latest.current.onSend(toServerHtml(html));
    latest.current.onTyping(false);
    el.editor.loadHTML("");
  }

  function choose(s: Suggestion) {
    if (s.kind === "person") insertMention(s);
    else insertCommand(s.command);
  }

  // Replaces the "/partial" at the start with the full command and a space for its arguments.
  function insertCommand(c: Command) {
    const el = editorRef.current;
    const q = commandQuery.current;
    if (!el || !q) return;
    el.editor.setSelectedRange([0, q.end]);
    el.editor.deleteInDirection("backward");
    el.editor.insertString(`/${c.name} `);
    commandQuery.current = null;
    setSuggestions([]);
  }

  function insertMention(s: { id: number; name: string }) {
    const el = editorRef.current;
    const q = mentionQuery.current;
    if (!el || !q) return;
    el.editor.setSelectedRange([q.start, q.end]);
    el.editor.deleteInDirection("backward");
    const attachment = new Trix.Attachment({
      content: `<span class="mention">@${escapeHtml(s.name)}</span>`,
      contentType: MENTION_TYPE,
      userId: s.id,
    });
    el.editor.insertAttachment(attachment);
    el.editor.insertString(" ");
    mentionQuery.current = null;
    setSuggestions([]);
  }

  // The @word before the cursor, if any.
  function findMention(): { start: number; end: number; text: string } | null {
    const el = editorRef.current;
    if (!el) return null;
    const [, end] = el.editor.getSelectedRange();
    const text = el.editor.getDocument().toString().slice(0, end);
    const m = /(^|\s)@([^\s@]{0,40})$/.exec(text);
    return m ? { start: end - m[2].length - 1, end, text: m[2] } : null;
  }

  useEffect(() => {
    const el = editorRef.current;
    if (!el) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChange = () => {
      latest.current.onTyping(!isBlank(el.value));
      const q = findMention();
      mentionQuery.current = q;
      clearTimeout(timer);
      const [, cursor] = el.editor.getSelectedRange();
      const c = q ? null : findCommandQuery(el.editor.getDocument().toString(), cursor);
      commandQuery.current = c;
      if (c) {
        loadCommands()
          .then((all) => {
            if (commandQuery.current !== c) return;
            setSuggestions(matchCommands(all, c.text).map((command) => ({ kind: "command", command })));
            setSelected(0);
          })
          .catch(() => setSuggestions([]));
        return;
      }
      if (!q) return setSuggestions([]);
      timer = setTimeout(async () => {
        try {
          type Person = { id: number; name: string; avatar_url?: string };
          const users = await get<Person[] | { users: Person[] }>(
            `/autocompletable/users?room_id=${latest.current.roomId}&query=${encodeURIComponent(q.text)}`,
          );
          if (mentionQuery.current === q) {
            setSuggestions((Array.isArray(users) ? users : users.users).map((u) => ({ kind: "person", ...u })));
            setSelected(0);
          }
        } catch {
          setSuggestions([]);
        }
      }, 300);
    };
    const onKey = (e: KeyboardEvent) => {
      const { list, selected: index } = suggestionsRef.current;
      if (list.length) {
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          e.preventDefault();
          setSelected((index + (e.key === "ArrowDown" ? 1 : list.length - 1)) % list.length);
          return;
        }
        if (e.key === "Enter" || e.key === "Tab") {
          e.preventDefault();
          e.stopImmediatePropagation();
          choose(list[index]);
          return;
        }
        if (e.key === "Escape") {
          setSuggestions([]);
          return;
        }
      }
      if (e.key === "ArrowUp" && isBlank(el.value)) {
        e.preventDefault();
        latest.current.onEditLast();
        return;
      }
      if (e.key !== "Enter" || e.isComposing) return;
      const sendKey = toolbarRef.current ? e.metaKey || e.ctrlKey : !e.shiftKey && !isTouch();
      if (sendKey) {
        e.preventDefault();
        e.stopImmediatePropagation();
        send();
      }
    };
    const refuseFiles = (e: Event) => e.preventDefault(); // files are sent as their own messages
    el.addEventListener("trix-change", onChange);
    el.addEventListener("keydown", onKey, true);
    el.addEventListener("trix-file-accept", refuseFiles);
    return () => {
      clearTimeout(timer);
      el.removeEventListener("trix-change", onChange);
      el.removeEventListener("keydown", onKey, true);
      el.removeEventListener("trix-file-accept", refuseFiles);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const el = editorRef.current;
    if (el && props.replyHtml) {
      el.editor.loadHTML(props.replyHtml);
      el.focus();
    }
  }, [props.replyHtml]);

  return (
    <form
      className={`composer${toolbar ? " composer--toolbar" : ""}`}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <fieldset disabled={props.disabled}>
        <trix-toolbar id={toolbarId} />
        <div className="composer__row">
          <button
            type="button"
            className="composer__format"
            aria-pressed={toolbar}
            aria-label="Rich text"
            title="Rich text"
            onClick={() => setToolbar((t) => !t)}
          >
            Aa
          </button>
          <trix-editor
            ref={(el: HTMLElement | null) => {
              editorRef.current = el as TrixEditorElement | null;
            }}
            toolbar={toolbarId}
            class="composer__editor"
            role="textbox"
            aria-label="Message"
            aria-multiline="true"
            placeholder={props.placeholder}
          />
          <button type="submit">Send</button>
        </div>
        {suggestions.length > 0 && (
          <ul className="suggestions" role="listbox" aria-label={suggestions[0].kind === "person" ? "People" : "Commands"}>
            {suggestions.map((s, i) => (
              <li
                key={s.kind === "person" ? `p${s.id}` : `c${s.command.name}`}
                role="option"
                aria-selected={i === selected}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(s);
                }}
              >
                {s.kind === "person" ? (
                  s.name
                ) : (
                  <>
                    <strong>/{s.command.name}</strong>
                    {s.command.args && <span className="suggestions__args"> {s.command.args}</span>}
                    {s.command.description && <span className="suggestions__hint">{s.command.description}</span>}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </fieldset>
    </form>
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
