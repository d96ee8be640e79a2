// The page's side of the installable app (the worker is /sw.js, server/src/pwa/).
//
// - Registers the service worker.
// - A page the worker served from its cache (the network failed) says so, with the time it was
//   fetched: "Offline — Stand vom 14:05".
// - When a new version is installed and waiting, offers "Neue Version — neu laden"; the button
//   lets the new worker take over and reloads the page.
// - A page opened before the worker took control asks it to keep a copy (the first visit).
//
// The messages are written by the server in the page's language into the `data-*` attributes
// of the element `#app-status` (a live region, so screen readers announce them).
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
