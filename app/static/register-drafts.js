// The registration's memory in the browser (typed fields and the draft token in localStorage, never file bytes)
// and the client of the server's registration drafts (create, read, upload one file with progress, delete).
window.ICCT26 = window.ICCT26 || {};
(function (ns) {
  "use strict";
  const KEY = "icct26.registration.v1";

  // localStorage can be missing or full (private modes): the form then simply forgets on reload.
  const store = {
    load() {
      try { return JSON.parse(window.localStorage.getItem(KEY)) || {}; } catch (error) { return {}; }
    },
    save(patch) {
      try {
        window.localStorage.setItem(KEY, JSON.stringify(Object.assign(store.load(), patch, { saved: Date.now() })));
      } catch (error) { /* nothing more to do: the form still works */ }
    },
    clear() {
      try { window.localStorage.removeItem(KEY); } catch (error) { /* as above */ }
    },
  };

  // A failed request: `network` when the server was not reached, else its status and JSON error (if any).
  class DraftError extends Error {
    constructor(status, body, retryAfter) {
      const error = (body && (body.error || body)) || {};  // DESIGN 3.2's flat shape, or {error: {...}}
      super(error.message || (status ? "HTTP " + status : "network"));
      this.status = status;
      // Seconds a busy server (503 SERVER_BUSY) or a rate limit (429) asked us to wait before sending again.
      this.retryAfter = parseInt(retryAfter, 10) || 0;
      this.code = error.error_code || error.code || null;
      this.network = !status;
    }
    get gone() { return this.status === 404 || this.status === 410; }
    get retryable() { return this.network || this.status === 408 || this.status === 429 || this.status >= 500; }
  }

  function parse(text) {
    try { return JSON.parse(text); } catch (error) { return null; }
  }

  // A request that moves no byte for this long is taken as a dropped connection (a mobile link can stall
  // without ever failing); the upload is then retried like any lost one.
  const STALL_MS = 45000;

  // One XMLHttpRequest (fetch has no upload progress); resolves with the JSON body, rejects with a DraftError.
  function send(method, url, csrf, body, onProgress) {
    let xhr;
    let watchdog = null;
    const promise = new Promise((resolve, reject) => {
      xhr = new XMLHttpRequest();
      const alive = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => xhr.abort(), STALL_MS);
      };
      xhr.open(method, url);
      xhr.setRequestHeader("X-CSRFToken", csrf);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", (event) => {
        alive();
        if (onProgress && event.lengthComputable) { onProgress(event.loaded, event.total); }
      });
      xhr.addEventListener("progress", alive);
      xhr.addEventListener("loadend", () => clearTimeout(watchdog));
      alive();
      xhr.addEventListener("load", () => {
        const json = parse(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) { resolve(json || {}); } else { reject(new DraftError(xhr.status, json, xhr.getResponseHeader("Retry-After"))); }
      });
      ["error", "timeout", "abort"].forEach((kind) =>
        xhr.addEventListener(kind, () => reject(new DraftError(0, null))));
      xhr.send(body || null);
    });
    return { promise: promise, abort: () => xhr.abort() };
  }

  // The server's drafts under `base` (/register/draft); `csrf()` gives the page's current CSRF token.
  function draftClient(base, csrf) {
    const fileUrl = (token, field) => base + "/" + encodeURIComponent(token) + "/files/" + encodeURIComponent(field);
    return {
      create: () => send("POST", base, csrf()).promise.then((body) => body.draft),
      read: (token) => send("GET", base + "/" + encodeURIComponent(token), csrf()).promise.then((body) => body.draft),
      upload(token, field, blob, filename, onProgress) {
        const body = new FormData();
        body.append("file", blob, filename);
        const request = send("PUT", fileUrl(token, field), csrf(), body, onProgress);
        return { promise: request.promise.then((json) => json.file), abort: request.abort };
      },
      remove: (token, field) => send("DELETE", fileUrl(token, field), csrf()).promise,
    };
  }

  ns.store = store;
  ns.draftClient = draftClient;
  ns.DraftError = DraftError;
}(window.ICCT26));
