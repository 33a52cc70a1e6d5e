import { describe, expect, it } from "vitest";
import { isBlank, isEmojiOnly, playName, plainText, toServerHtml } from "./richtext";

const mentionFigure = (attrs: object) =>
  `<figure data-trix-attachment='${JSON.stringify(attrs)}' data-trix-content-type="application/vnd.campfire.mention"><span>@Bob</span></figure>`;

describe("toServerHtml", () => {
  it("turns mention attachments into action-text-attachment elements with the user id", () => {
    const html = `<div>Hi ${mentionFigure({ contentType: "application/vnd.campfire.mention", userId: 7 })}!</div>`;
    expect(toServerHtml(html)).toBe(
      '<div>Hi <action-text-attachment content-type="application/vnd.campfire.mention" user-id="7"></action-text-attachment>!</div>',
    );
  });

  it("drops other attachments and mentions without a valid id", () => {
    const html = `<div>a${mentionFigure({ contentType: "application/vnd.campfire.mention", userId: "x" })}b${mentionFigure({ contentType: "image/png" })}</div>`;
    expect(toServerHtml(html)).toBe("<div>ab</div>");
  });

  it("keeps formatting", () => {
    expect(toServerHtml("<div><strong>bold</strong> <em>it</em></div>")).toBe("<div><strong>bold</strong> <em>it</em></div>");
  });
});

describe("text helpers", () => {
  it("knows blank, plain text, /play and emoji-only", () => {
    expect(isBlank("<div><br></div>")).toBe(true);
    expect(isBlank("<div>x</div>")).toBe(false);
    expect(plainText("<div>/play <b>bell</b></div>")).toBe("/play bell");
    expect(playName("/play bell")).toBe("bell");
    expect(playName("/play bell now")).toBeNull();
    expect(isEmojiOnly("🔥🔥")).toBe(true);
    expect(isEmojiOnly("👍🏽")).toBe(true);
    expect(isEmojiOnly("ok 👍")).toBe(false);
    expect(isEmojiOnly("123")).toBe(false);
  });
});
