// Campfire's service worker: shows pushed notifications, sets the app badge, and opens the room
// when a notification is clicked. Payload: {title, options: {body, icon, data: {path, badge}}}.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { title: "Campfire", options: { body: event.data ? event.data.text() : "" } };
  }
  const options = message.options || {};
  const badge = options.data && options.data.badge;
  event.waitUntil(
    Promise.all([
      self.registration.showNotification(message.title || "Campfire", options),
      typeof badge === "number" && navigator.setAppBadge ? navigator.setAppBadge(badge).catch(() => {}) : Promise.resolve(),
    ]),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const path = (event.notification.data && event.notification.data.path) || "/";
  const url = new URL(path, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const focused = windows.find((w) => w.focused) || windows[0];
      if (focused) return focused.navigate(url).then((w) => (w || focused).focus());
      return self.clients.openWindow(url);
    }),
  );
});

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
