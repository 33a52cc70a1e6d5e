import { describe, expect, it } from "vitest";
import { remove, threaded, upsert, type Shown } from "./messages";

const message = (id: number, cmid: string, creator = 1, at = "2026-11-23T10:00:00.000Z"): Shown => ({
  id,
  room_id: 1,
  creator: { id: creator, name: "Ann" },
  creator_id: creator,
  client_message_id: cmid,
  body: "hi",
  content_type: "text",
  created_at: at,
  updated_at: at,
});

describe("upsert", () => {
  it("replaces a pending bubble with the server copy of the same client_message_id", () => {
    const pending = { ...message(0, "c1"), pending: true };
    let list = upsert([message(1, "a")], pending);
    expect(list.map((m) => m.client_message_id)).toEqual(["a", "c1"]);
    list = upsert(list, message(7, "c1"));
    expect(list).toHaveLength(2);
    expect(list[1].pending).toBeUndefined();
    expect(list[1].id).toBe(7);
  });

  it("keeps id order and pending last, and never duplicates", () => {
    let list = upsert([], { ...message(0, "p"), pending: true });
    list = upsert(list, message(5, "x"));
    list = upsert(list, message(3, "y"));
    list = upsert(list, message(5, "x"));
    expect(list.map((m) => m.id)).toEqual([3, 5, 0]);
    expect(remove(list, 5).map((m) => m.id)).toEqual([3, 0]);
  });
});

describe("threaded", () => {
  it("collapses the same author within five minutes only", () => {
    const a = message(1, "a", 1, "2026-11-23T10:00:00.000Z");
    expect(threaded(a, message(2, "b", 1, "2026-11-23T10:04:59.000Z"))).toBe(true);
    expect(threaded(a, message(2, "b", 1, "2026-11-23T10:05:00.000Z"))).toBe(false);
    expect(threaded(a, message(2, "b", 2, "2026-11-23T10:01:00.000Z"))).toBe(false);
    expect(threaded(undefined, a)).toBe(false);
  });
});
