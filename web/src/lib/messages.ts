// Client-side message list logic: merging server copies over pending ones by client_message_id,
// keeping id order, and Campfire's threading (same author within 5 minutes).
import type { Message } from "./types";

export interface Shown extends Message {
  pending?: boolean;
  failed?: boolean;
}

const THREAD_WINDOW_MS = 5 * 60 * 1000;

// Inserts or replaces `incoming`, matching on id or client_message_id; the list stays sorted with
// pending messages (no server id yet) last.
export function upsert(list: Shown[], incoming: Shown): Shown[] {
  const next = list.filter(
    (m) => m.client_message_id !== incoming.client_message_id && (incoming.pending || m.id !== incoming.id),
  );
  next.push(incoming);
  next.sort((a, b) => {
    if (!!a.pending !== !!b.pending) return a.pending ? 1 : -1;
    return a.pending ? 0 : a.id - b.id;
  });
  return next;
}

export function remove(list: Shown[], id: number): Shown[] {
  return list.filter((m) => m.id !== id);
}

// Is `m` a continuation of `prev` (header collapsed)?
export function threaded(prev: Shown | undefined, m: Shown): boolean {
  if (!prev || prev.creator_id !== m.creator_id) return false;
  const gap = Date.parse(m.created_at) - Date.parse(prev.created_at);
  return gap >= 0 && gap < THREAD_WINDOW_MS && sameLocalDay(prev.created_at, m.created_at);
}

export function sameLocalDay(a: string, b: string): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

export function newClientId(): string {
  return crypto.randomUUID();
}
