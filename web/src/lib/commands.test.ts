import { describe, expect, it } from "vitest";
import { findCommandQuery, matchCommands } from "./commands";

describe("findCommandQuery", () => {
  it("finds a command being typed at the start", () => {
    expect(findCommandQuery("/ro\n", 3)).toEqual({ end: 3, text: "ro" });
    expect(findCommandQuery("/\n", 1)).toEqual({ end: 1, text: "" });
    expect(findCommandQuery("/Play\n", 5)).toEqual({ end: 5, text: "play" });
  });
  it("ignores anything else", () => {
    expect(findCommandQuery("hello /ro\n", 9)).toBeNull();
    expect(findCommandQuery("/roll 2d6\n", 9)).toBeNull(); // arguments started
    expect(findCommandQuery("/ro and more\n", 3)).toBeNull(); // text after the cursor
    expect(findCommandQuery("//\n", 2)).toBeNull();
  });
});

describe("matchCommands", () => {
  const all = [{ name: "roll" }, { name: "remind" }, { name: "play" }, { name: "relay" }];
  it("keeps prefix matches in name order", () => {
    expect(matchCommands(all, "r").map((c) => c.name)).toEqual(["relay", "remind", "roll"]);
    expect(matchCommands(all, "").map((c) => c.name)).toEqual(["play", "relay", "remind", "roll"]);
    expect(matchCommands(all, "x")).toEqual([]);
  });
});
