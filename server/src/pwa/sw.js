// Platzwahl's service worker, served at /sw.js by server/src/pwa/mod.rs, which fills in the
// version (a hash of the files below and of this script) and the files to keep.
//
// - The app shell (the WebAssembly, its script, the stylesheet, the page scripts, the icons) is
//   kept in a cache named after the version, and served from it only when the network fails.
// - "My bookings" and the QR check-in pages are fetched from the network first; the last good
//   copy is kept, and served when the network fails, marked with the time it was fetched
//   (`data-offline-since` on <html>, which /pwa.js turns into "Offline — Stand vom …").
// - Nothing else is kept: no API answer, no other page, no administration page.
// - Signing in or out deletes every kept page (a phone may be shared).
// - A new version installs beside the old one and waits until the page asks for it
//   ("Neue Version — neu laden"); when it takes over, the old version's caches are deleted.
// - A push message (`{"title", "body", "url", "tag"}`, sent by the server to a device the
//   person switched on at /account) becomes a notification; a click on it focuses an open
//   Platzwahl window, or opens one, at the message's page: a page of this site only, any other
//   address opens "my bookings". When the browser renews the subscription, the worker sends
//   the new one to the server (same key) and drops the old one.
"use strict";

const VERSION = "__VERSION__";
const SHELL_FILES = __SHELL_FILES__;
const PREFIX = "platzwahl-";
const SHELL = `${PREFIX}shell-${VERSION}`;
const PAGES = `${PREFIX}pages-${VERSION}`;
// A network that answers nothing for this long counts as offline.
const NETWORK_TIMEOUT_MS = 8000;
const STORED = "x-platzwahl-stored";
// Where a notification without a page of this site leads.
const START = "/bookings";
const ICON = "/icons/icon-192.png";
const SUBSCRIPTIONS = "/api/v1/me/push-subscriptions";

/** Whether a path is a page that stays usable offline. */
function offlinePage(path) {
  return path === "/bookings" || /^\/check-in\/(desk|room)\/[0-9]+$/.test(path);
}

/** Whether a request signs someone in or out: then no kept page may outlive it. */
function changesPerson(request, path) {
  if (path.startsWith("/auth/oidc/")) return true;
  return (
    request.method === "POST" &&
    (path === "/sign-out" ||
      path.startsWith("/sign-in") ||
      path.startsWith("/api/v1/auth/sign-") ||
      path === "/api/v1/auth/demo-sign-in" ||
      path.startsWith("/api/v1/auth/passkeys/"))
  );
}

function pageKey(url) {
  return new URL(url.pathname, self.location.origin).href;
}

function forgetPages() {
  return caches.keys().then((keys) =>
    Promise.all(keys.filter((key) => key.startsWith(`${PREFIX}pages-`)).map((key) => caches.delete(key))),
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(PREFIX) && key !== SHELL && key !== PAGES)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "skip-waiting") {
    self.skipWaiting();
  } else if (message.type === "remember" && typeof message.path === "string") {
    // The page was opened before this worker controlled it: keep a copy now.
    const url = new URL(message.path, self.location.origin);
    if (url.origin === self.location.origin && offlinePage(url.pathname)) {
      event.waitUntil(
        fetch(url.pathname, { credentials: "same-origin", redirect: "manual" })
          .then((response) => keep(url, response))
          .catch(() => undefined),
      );
    }
  } else if (message.type === "forget") {
    event.waitUntil(forgetPages());
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (changesPerson(request, url.pathname)) {
    event.waitUntil(forgetPages());
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate" && offlinePage(url.pathname)) {
    event.respondWith(networkFirst(event, url));
  } else if (SHELL_FILES.includes(url.pathname)) {
    event.respondWith(
      fetch(request).catch(() =>
        caches
          .open(SHELL)
          .then((cache) => cache.match(request, { ignoreSearch: true }))
          .then((kept) => kept || Response.error()),
      ),
    );
  }
});

/** The network's page, kept for later; the kept one, marked, when the network fails. */
async function networkFirst(event, url) {
  let response;
  try {
    response = await withTimeout(fetch(event.request), NETWORK_TIMEOUT_MS);
  } catch (_offline) {
    const kept = await caches.open(PAGES).then((cache) => cache.match(pageKey(url)));
    return kept ? marked(kept) : Response.error();
  }
  event.waitUntil(keep(url, response.clone()));
  return response;
}

/** Keeps a good page; a page that is no longer the person's (a redirect to the sign-in page,
 * an error) deletes the kept copy. */
async function keep(url, response) {
  const cache = await caches.open(PAGES);
  const good =
    response.ok && response.type === "basic" && !response.redirected &&
    (response.headers.get("content-type") || "").startsWith("text/html");
  if (!good) {
    await cache.delete(pageKey(url));
    return;
  }
  const body = await response.blob();
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  headers.delete("content-encoding");
  headers.set(STORED, new Date().toISOString());
  await cache.put(pageKey(url), new Response(body, { status: 200, headers }));
}

/** The kept page with the time it was fetched on its <html> element. */
async function marked(kept) {
  const stored = (kept.headers.get(STORED) || "").replace(/[^0-9TZ:.-]/g, "");
  const html = (await kept.text()).replace("<html", `<html data-offline-since="${stored}"`);
  const headers = new Headers(kept.headers);
  headers.delete(STORED);
  return new Response(html, { status: 200, headers });
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** A path of this site from a message's `url`; any other address (or none) is "my bookings". */
function sitePath(url) {
  if (typeof url !== "string" || url === "") return START;
  let parsed;
  try {
    parsed = new URL(url, self.location.origin);
  } catch (_invalid) {
    return START;
  }
  if (parsed.origin !== self.location.origin) return START;
  return parsed.pathname + parsed.search + parsed.hash;
}

function text(value) {
  return typeof value === "string" ? value : "";
}

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (_notJson) {
    message = {};
  }
  if (message === null || typeof message !== "object") message = {};
  const options = {
    body: text(message.body),
    icon: ICON,
    badge: ICON,
    data: { url: sitePath(message.url) },
    renotify: false,
  };
  if (text(message.tag)) options.tag = message.tag;
  event.waitUntil(self.registration.showNotification(text(message.title) || "Platzwahl", options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  event.waitUntil(openPage(sitePath(data.url)));
});

/** Focuses a window of this site at `path` (another one, led there), or opens one. */
async function openPage(path) {
  const target = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const same = windows.find((client) => client.url === target);
  if (same) return same.focus();
  const other = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (other) {
    const focused = await other.focus();
    try {
      return await focused.navigate(target);
    } catch (_uncontrolled) {
      return focused;
    }
  }
  return self.clients.openWindow(target);
}

self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(renew(event.oldSubscription || null, event.newSubscription || null));
});

/** Subscribes again with the same key (unless the browser did) and tells the server. */
async function renew(old, fresh) {
  let subscription = fresh;
  if (!subscription) {
    let key = old && old.options ? old.options.applicationServerKey : null;
    if (!key) {
      const answer = await fetch("/api/v1/push/key", { credentials: "same-origin" });
      if (!answer.ok) return;
      key = base64url((await answer.json()).public_key);
    }
    subscription = await self.registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: key,
    });
  }
  await fetch(SUBSCRIPTIONS, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(subscription.toJSON()),
  });
  if (old && old.endpoint && old.endpoint !== subscription.endpoint) {
    await fetch(`${SUBSCRIPTIONS}?endpoint=${encodeURIComponent(old.endpoint)}`, {
      method: "DELETE",
      credentials: "same-origin",
    });
  }
}

function base64url(value) {
  const base64 = String(value).replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}
