// Turns the composer's Trix HTML into what the server stores: mention attachments become
// <action-text-attachment content-type="application/vnd.campfire.mention" user-id="N">, other
// Trix attachment wrappers are dropped (the server sanitises the rest again anyway).
export const MENTION_TYPE = "application/vnd.campfire.mention";

export function toServerHtml(trixHtml: string): string {
  const doc = new DOMParser().parseFromString(`<body>${trixHtml}</body>`, "text/html");
  for (const figure of Array.from(doc.body.querySelectorAll("[data-trix-attachment]"))) {
    let attrs: Record<string, unknown> = {};
    try {
      attrs = JSON.parse(figure.getAttribute("data-trix-attachment") ?? "{}");
    } catch {
      attrs = {};
    }
    const userId = Number(attrs.userId);
    if (attrs.contentType === MENTION_TYPE && Number.isInteger(userId) && userId > 0) {
      const mention = doc.createElement("action-text-attachment");
      mention.setAttribute("content-type", MENTION_TYPE);
      mention.setAttribute("user-id", String(userId));
      figure.replaceWith(mention);
    } else {
      figure.remove();
    }
  }
  return doc.body.innerHTML.trim();
}

// True when the HTML has no text and no mention: nothing worth sending.
export function isBlank(html: string): boolean {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  if (doc.body.querySelector("action-text-attachment, [data-trix-attachment]")) return false;
  return (doc.body.textContent ?? "").trim() === "";
}

// The plain text of composer HTML, for the pending bubble's "/play" and emoji-only checks.
export function plainText(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  return (doc.body.textContent ?? "").trim();
}

// Campfire's emoji-only rule, mirrored on the client for the pending bubble.
const EMOJI_ONLY = /^(\p{Emoji_Presentation}|\p{Extended_Pictographic}|\uFE0F|\u200D|\p{Emoji_Modifier}|\s)+$/u;
export function isEmojiOnly(text: string): boolean {
  return text.trim() !== "" && EMOJI_ONLY.test(text) && !/^[\s\d#*]+$/.test(text);
}

// "/play bell" -> "bell" (the name is checked against the server's list by the caller).
export function playName(text: string): string | null {
  const m = /^\/play (\w+)$/.exec(text.trim());
  return m ? m[1] : null;
}
