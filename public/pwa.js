// The page's side of the installable app (the worker is /sw.js, server/src/pwa/).
//
// - Registers the service worker.
// - A page the worker served from its cache (the network failed) says so, with the time it was
//   fetched: "Offline — Stand vom 14:05".
// - When a new version is installed and waiting, offers "Neue Version — neu laden"; the button
//   lets the new worker take over and reloads the page.
// - A page opened before the worker took control asks it to keep a copy (the first visit).
// - On /account, "Auf diesem Gerät einschalten" (`[data-push="on"]`) subscribes this browser to
//   push notifications (permission, the server's key from /api/v1/push/key, the browser's push
//   service) and sends the subscription to the server; "ausschalten" (`[data-push="off"]`)
//   unsubscribes and tells the server. Then the page's list of devices is read again (the
//   event `platzwahl:push-devices`).
//
// The messages are written by the server in the page's language into the `data-*` attributes
// of the element `#app-status` (a live region, so screen readers announce them), and, for
// push, of the element `[data-push-device]` (shown in its live region `[data-push-status]`).
"use strict";

(function () {
  const status = document.getElementById("app-status");

  function say(kind, text) {
    if (!status) return null;
    let line = status.querySelector(`[data-kind="${kind}"]`);
    if (!line) {
      line = document.createElement("p");
      line.className = "notice";
      line.dataset.kind = kind;
      status.appendChild(line);
    }
    line.textContent = text;
    return line;
  }

  // Served from the worker's cache: the worker marks <html> with the time of the copy.
  const since = document.documentElement.dataset.offlineSince;
  if (since && status) {
    const when = new Date(since);
    if (!Number.isNaN(when.getTime())) {
      const lang = document.documentElement.lang || "de";
      const time = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(when);
      const sameDay = when.toDateString() === new Date().toDateString();
      const day = new Intl.DateTimeFormat(lang, { day: "numeric", month: "numeric" }).format(when);
      const template = sameDay ? status.dataset.offline : status.dataset.offlineDay;
      say("offline", (template || "Offline {time}").replace("{time}", time).replace("{day}", day));
    }
  }

  if (!("serviceWorker" in navigator)) return;
  const workers = navigator.serviceWorker;

  let reloading = false;
  workers.addEventListener("controllerchange", () => {
    if (reloading) window.location.reload();
  });

  function offerUpdate(waiting) {
    if (!status || status.querySelector('[data-kind="update"]')) return;
    const line = say("update", `${status.dataset.update || ""} `);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = status.dataset.reload || "↻";
    button.addEventListener("click", () => {
      reloading = true;
      waiting.postMessage({ type: "skip-waiting" });
    });
    line.appendChild(button);
  }

  const controlled = Boolean(workers.controller);
  workers
    .register("/sw.js", { scope: "/" })
    .then((registration) => {
      // A new worker may be installing or waiting already, or turn up later.
      const track = (worker) => {
        if (!worker) return;
        const check = () => {
          if (worker.state === "installed" && workers.controller) offerUpdate(worker);
        };
        check();
        worker.addEventListener("statechange", check);
      };
      track(registration.installing);
      track(registration.waiting);
      registration.addEventListener("updatefound", () => track(registration.installing));
      if (!controlled) {
        workers.ready.then((ready) => {
          if (ready.active) ready.active.postMessage({ type: "remember", path: window.location.pathname });
        });
      }
    })
    .catch(() => undefined);

  // Signing out: no page of this person stays on the phone (the worker also sees the request).
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && new URL(form.action, window.location.href).pathname === "/sign-out") {
      if (workers.controller) workers.controller.postMessage({ type: "forget" });
    }
  });
})();

// Push notifications on this device (the account page).
(function () {
  const SUBSCRIPTIONS = "/api/v1/me/push-subscriptions";
  // The browser's push service may not answer at all.
  const PATIENCE_MS = 15000;

  class Refusal extends Error {
    constructor(kind, detail) {
      super(kind);
      this.kind = kind;
      this.detail = detail || "";
    }
  }

  function control() {
    return document.querySelector("[data-push-device]");
  }

  function supported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  function decode(text) {
    const base64 = String(text).replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  function sameKey(subscription, key) {
    const own = subscription.options && subscription.options.applicationServerKey;
    if (!own) return false;
    const bytes = new Uint8Array(own);
    return bytes.length === key.length && bytes.every((byte, i) => byte === key[i]);
  }

  function patiently(promise) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Refusal("unreachable")), PATIENCE_MS);
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

  async function problem(response) {
    try {
      const body = await response.json();
      return body.detail || body.title || String(response.status);
    } catch (_notJson) {
      return String(response.status);
    }
  }

  function forget(endpoint) {
    return fetch(`${SUBSCRIPTIONS}?endpoint=${encodeURIComponent(endpoint)}`, {
      method: "DELETE",
      credentials: "same-origin",
    });
  }

  async function switchOn() {
    if (!supported()) throw new Refusal("unsupported");
    const permission = await Notification.requestPermission();
    if (permission !== "granted") throw new Refusal("denied");
    const answer = await fetch("/api/v1/push/key", {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!answer.ok) throw new Refusal("refused", await problem(answer));
    const key = decode((await answer.json()).public_key);
    const registration = await patiently(navigator.serviceWorker.ready);
    let subscription = await registration.pushManager.getSubscription();
    if (subscription && !sameKey(subscription, key)) {
      // Subscribed with a key the server no longer has: that subscription is of no use.
      await forget(subscription.endpoint).catch(() => undefined);
      await subscription.unsubscribe();
      subscription = null;
    }
    if (!subscription) {
      try {
        subscription = await patiently(
          registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }),
        );
      } catch (error) {
        if (error instanceof Refusal) throw error;
        if (error && error.name === "NotAllowedError" && Notification.permission !== "granted") {
          throw new Refusal("denied");
        }
        throw new Refusal("unreachable");
      }
    }
    const sent = await fetch(SUBSCRIPTIONS, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(subscription.toJSON()),
    });
    if (!sent.ok) {
      const detail = await problem(sent);
      await subscription.unsubscribe().catch(() => undefined);
      throw new Refusal("refused", detail);
    }
  }

  async function switchOff() {
    if (!supported()) throw new Refusal("unsupported");
    const registration = await navigator.serviceWorker.getRegistration("/");
    const subscription = registration ? await registration.pushManager.getSubscription() : null;
    if (!subscription) return;
    const endpoint = subscription.endpoint;
    await subscription.unsubscribe();
    const answer = await forget(endpoint);
    if (!answer.ok && answer.status !== 404) throw new Refusal("refused", await problem(answer));
  }

  /** Says whether this browser is subscribed (not a live region: no announcement on load). */
  async function showState(box) {
    const here = box.querySelector("[data-push-here]");
    if (!here || !supported()) return;
    const registration = await navigator.serviceWorker.getRegistration("/");
    const subscription = registration ? await registration.pushManager.getSubscription() : null;
    here.textContent = subscription && Notification.permission === "granted"
      ? box.dataset.onHere || ""
      : box.dataset.offHere || "";
  }

  document.addEventListener("click", async (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-push]") : null;
    const box = control();
    if (!button || !box) return;
    event.preventDefault();
    const status = box.querySelector("[data-push-status]");
    const say = (text) => {
      if (status) status.textContent = text;
    };
    const on = button.dataset.push === "on";
    button.disabled = true;
    say(box.dataset.working || "…");
    try {
      if (on) await switchOn();
      else await switchOff();
      say((on ? box.dataset.onHere : box.dataset.offHere) || "OK");
    } catch (error) {
      const kind = error instanceof Refusal ? error.kind : "refused";
      const detail = error instanceof Refusal ? error.detail : String((error && error.message) || error);
      const text = box.dataset[kind] || kind;
      say(kind === "refused" && detail ? `${text} ${detail}` : text);
    } finally {
      button.disabled = false;
      window.dispatchEvent(new CustomEvent("platzwahl:push-devices"));
      showState(box).catch(() => undefined);
    }
  });

  const box = control();
  if (box) showState(box).catch(() => undefined);
})();
