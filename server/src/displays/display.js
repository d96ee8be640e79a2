// Door and floor displays: follow the page's event stream and put what it sends in place.
// The browser's EventSource reconnects by itself after a restart or a network drop; a
// connection that died without a word is noticed by the missing signs of life (the server
// sends one every 5 s), then opened again. After OFFLINE_AFTER without a word the display
// says since when it is offline; the next word from the server hides that again.
(function () {
  "use strict";
  var OFFLINE_AFTER = 15000;
  var main = document.getElementById("display");
  var offline = document.getElementById("offline");
  if (!main || !offline) { return; }
  var address = main.getAttribute("data-events");
  if (!address || typeof window.EventSource !== "function") {
    // No event streams: read the page again every minute.
    window.setTimeout(function () { window.location.reload(); }, 60000);
    return;
  }
  var source = null;
  var heard = Date.now();
  var opened = Date.now();

  function clock(time) {
    var hours = String(time.getHours());
    var minutes = String(time.getMinutes());
    return (hours.length < 2 ? "0" : "") + hours + ":" + (minutes.length < 2 ? "0" : "") + minutes;
  }

  function alive() {
    heard = Date.now();
    offline.hidden = true;
    document.body.classList.remove("display-is-offline");
  }

  function connect() {
    if (source) { source.close(); }
    opened = Date.now();
    source = new EventSource(address);
    source.addEventListener("state", function (event) {
      main.innerHTML = event.data;
      alive();
    });
    source.addEventListener("alive", alive);
  }

  window.setInterval(function () {
    var silent = Date.now() - heard;
    if (silent < OFFLINE_AFTER) { return; }
    if (offline.hidden) {
      offline.textContent = offline.getAttribute("data-label") + " " + clock(new Date(heard));
      offline.hidden = false;
      document.body.classList.add("display-is-offline");
    }
    // A stream the browser gave up on (an error answer), or one silent since it was opened
    // (a connection that died without a word): anew.
    if (source.readyState === EventSource.CLOSED || Date.now() - opened >= OFFLINE_AFTER) {
      connect();
    }
  }, 1000);

  connect();
  door();

  // At the door: a badge reader is a keyboard wedge (it types the badge number and Enter into
  // whatever page is shown, no focus needed); a passkey is a discoverable credential. Either
  // checks the person's reservation in, or, with a length chosen on the touch screen, books
  // the room now. The answer says what happened (never who) for a while.
  function door() {
    var message = document.getElementById("door-message");
    if (!message) { return; }
    var chosen = null;
    var typed = "";
    var lastKey = 0;
    var hideTimer = null;
    var busy = false;

    function room() {
      var section = main.querySelector(".display-door");
      return section ? section.getAttribute("data-room") : null;
    }

    function say(text, failed) {
      message.textContent = text;
      message.classList.toggle("display-message-failed", !!failed);
      message.classList.toggle("display-message-done", !failed);
      if (hideTimer) { window.clearTimeout(hideTimer); }
      hideTimer = window.setTimeout(function () {
        message.textContent = "";
        message.classList.remove("display-message-failed", "display-message-done");
      }, 12000);
    }

    // The chosen length survives the content being replaced by the event stream.
    function mark() {
      var buttons = main.querySelectorAll("[data-minutes]");
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].setAttribute("aria-pressed",
          String(buttons[i].getAttribute("data-minutes") === String(chosen)));
      }
      if (chosen !== null && buttons.length === 0) { chosen = null; }
    }
    new MutationObserver(mark).observe(main, { childList: true });

    function send(path, body) {
      var id = room();
      if (!id || busy) { return Promise.resolve(); }
      busy = true;
      if (chosen !== null) { body.minutes = chosen; }
      return fetch("/displays/rooms/" + id + "/" + path, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.text().then(function (text) {
          var answer = {};
          try { answer = text ? JSON.parse(text) : {}; } catch (e) { answer = {}; }
          if (response.ok) {
            say(answer.message || "", false);
          } else {
            say(answer.detail || message.getAttribute("data-failed"), true);
          }
        });
      }, function () {
        say(message.getAttribute("data-failed"), true);
      }).then(function () {
        busy = false;
        chosen = null;
        mark();
      });
    }

    document.addEventListener("keydown", function (event) {
      var now = Date.now();
      if (now - lastKey > 1500) { typed = ""; }
      lastKey = now;
      if (event.key === "Enter") {
        if (typed.length > 0) {
          event.preventDefault();
          var badge = typed;
          typed = "";
          send("badge", { badge: badge });
        }
        return;
      }
      if (event.key && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
        typed += event.key;
        if (typed.length > 128) { typed = typed.slice(-128); }
        event.preventDefault();
      }
    });

    main.addEventListener("click", function (event) {
      var target = event.target;
      if (!(target instanceof Element)) { return; }
      var length = target.closest("[data-minutes]");
      if (length) {
        var minutes = Number(length.getAttribute("data-minutes"));
        chosen = chosen === minutes ? null : minutes;
        mark();
        if (chosen !== null) {
          say(chosen + " " + message.getAttribute("data-chosen"), false);
        }
        return;
      }
      if (target.closest("[data-passkey]")) { passkey(); }
    });

    var b64 = {
      decode: function (text) {
        var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
        var padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
        return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); }).buffer;
      },
      encode: function (buffer) {
        var bytes = new Uint8Array(buffer);
        var text = "";
        for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
        return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      }
    };

    function passkey() {
      if (busy || !window.PublicKeyCredential) {
        say(message.getAttribute("data-failed"), true);
        return;
      }
      fetch("/api/v1/auth/passkeys/sign-in/start", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        credentials: "omit",
        body: "{}"
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (started) {
        var options = started.options.publicKey;
        options.challenge = b64.decode(options.challenge);
        (options.allowCredentials || []).forEach(function (c) { c.id = b64.decode(c.id); });
        return navigator.credentials.get({ publicKey: options }).then(function (credential) {
          var r = credential.response;
          return send("passkey", {
            ceremony: started.ceremony,
            credential: {
              id: credential.id,
              rawId: b64.encode(credential.rawId),
              type: credential.type,
              response: {
                authenticatorData: b64.encode(r.authenticatorData),
                clientDataJSON: b64.encode(r.clientDataJSON),
                signature: b64.encode(r.signature),
                userHandle: r.userHandle ? b64.encode(r.userHandle) : null
              },
              extensions: credential.getClientExtensionResults()
            }
          });
        });
      }).catch(function () {
        say(message.getAttribute("data-failed"), true);
      });
    }
  }
})();
