// The server's QR code image of a URL: /qr_code/<base64url of the URL> (an SVG).
export function qrUrl(url: string): string {
  const bytes = new TextEncoder().encode(url);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return `/qr_code/${btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}
