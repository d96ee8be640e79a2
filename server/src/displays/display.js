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
})();
