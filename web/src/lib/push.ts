// Web Push in the browser: the service worker at /service-worker.js, permission, and the
// subscription sent to the server (Campfire's shapes; the push plugin's VAPID key).
import { api, get, post } from "./api";

export type PushState = "unknown" | "unsupported" | "denied" | "prompt" | "subscribed";

function supported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

export async function pushState(): Promise<PushState> {
  if (!supported()) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  const registration = await navigator.serviceWorker.getRegistration("/");
  const subscription = await registration?.pushManager.getSubscription();
  return subscription && Notification.permission === "granted" ? "subscribed" : "prompt";
}

function base64UrlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const padded = s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4);
  const raw = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function bytesToBase64Url(buffer: ArrayBuffer | null): string {
  if (!buffer) return "";
  let s = "";
  for (const b of new Uint8Array(buffer)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function enablePush(): Promise<PushState> {
  if (!supported()) return "unsupported";
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return permission === "denied" ? "denied" : "prompt";
  const registration = await navigator.serviceWorker.register("/service-worker.js", { scope: "/" });
  await navigator.serviceWorker.ready;
  const { vapid_public_key } = await get<{ vapid_public_key: string }>("/push/vapid_public_key");
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(vapid_public_key) }));
  try {
    await post("/users/me/push_subscriptions", {
      push_subscription: {
        endpoint: subscription.endpoint,
        p256dh_key: bytesToBase64Url(subscription.getKey("p256dh")),
        auth_key: bytesToBase64Url(subscription.getKey("auth")),
      },
    });
  } catch {
    await subscription.unsubscribe(); // the server refused it: do not leave a dead subscription
    return "prompt";
  }
  return "subscribed";
}

// On sign-out: drop this browser's subscription here and tell the server which one it was.
export async function currentEndpoint(): Promise<string | null> {
  if (!supported()) return null;
  const registration = await navigator.serviceWorker.getRegistration("/");
  const subscription = await registration?.pushManager.getSubscription();
  if (!subscription) return null;
  const endpoint = subscription.endpoint;
  await subscription.unsubscribe();
  return endpoint;
}

export async function signOut(): Promise<void> {
  const endpoint = await currentEndpoint().catch(() => null);
  await api("DELETE", "/session", { push_subscription_endpoint: endpoint });
}
