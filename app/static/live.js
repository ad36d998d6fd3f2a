// Keeps the public schedule and standings current without a reload: asks the page's fragment endpoint for
// changes with the last ETag (If-None-Match), keeps the page on 304, swaps the fragment in on 200. Asks often
// while a match is on and rarely otherwise (the fragment says how often), and not while the tab is hidden.
(function () {
  "use strict";
  var region = document.getElementById("live-region");
  if (!region || !window.fetch) { return; }
  var source = region.getAttribute("data-live-src");
  var etag = null;
  var timer = null;

  function delay() {
    var state = region.querySelector("[data-poll-seconds]");
    var seconds = state ? parseFloat(state.getAttribute("data-poll-seconds")) : 300;
    return Math.max(seconds, 0.5) * 1000;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(poll, delay());
  }

  function poll() {
    if (document.hidden) { schedule(); return; }
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(source, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.text().then(function (html) {
            if (region.innerHTML !== html) { region.innerHTML = html; }
            region.setAttribute("data-updated", String(Date.now()));
          });
        }
        return null;  // 304: nothing changed; anything else: keep what is shown and ask again later
      })
      .catch(function () { return null; })
      .then(schedule);
  }

  document.addEventListener("visibilitychange", function () { if (!document.hidden) { poll(); } });
  schedule();
}());
