// Slash commands for the composer's autocomplete: the server's list (GET /api/commands, what this
// user may run: plugins' and Lua scripts' commands, /play while the sounds plugin is on), fetched
// once per page load, and the "/partial" being typed at the start of a message.
import { get } from "./api";

export interface Command {
  name: string;
  description?: string;
  args?: string;
  owner?: string;
}

let cached: Promise<Command[]> | null = null;

export function loadCommands(): Promise<Command[]> {
  cached ??= get<{ commands: Command[] }>("/api/commands")
    .then((r) => r.commands ?? [])
    .catch((e) => {
      cached = null; // try again next time
      throw e;
    });
  return cached;
}

// The command name typed so far when the message is only "/partial" up to the cursor (Trix's
// document text ends with a newline, which is ignored).
export function findCommandQuery(documentText: string, cursor: number): { end: number; text: string } | null {
  const before = documentText.slice(0, cursor);
  const after = documentText.slice(cursor).replace(/\n$/, "");
  if (after.trim() !== "") return null;
  const m = /^\/([a-z0-9_-]{0,32})$/i.exec(before);
  return m ? { end: cursor, text: m[1].toLowerCase() } : null;
}

// Commands whose name starts with the typed text, by name; at most 8.
export function matchCommands(all: Command[], typed: string): Command[] {
  return all
    .filter((c) => c.name.startsWith(typed))
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, 8);
}
