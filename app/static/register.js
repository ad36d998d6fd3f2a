// The registration form with JavaScript: each document goes to the server's draft as soon as it is picked (with
// progress, the server's verdict and a retry), typed fields survive a reload, checks run before anything is
// sent, and the submit sends the text with the draft token once. Without JavaScript the form posts as one body.
(function (ns) {
  "use strict";
  const form = document.getElementById("registration-form");
  if (!form || !ns.checks || !ns.rows) { return; }
  const M = ns.checks.message;
  const limit = parseInt(form.dataset.maxFileBytes, 10);
  const limitText = form.dataset.maxFileSize;
  const tokenInput = document.getElementById("draft_token");
  const submitButton = document.getElementById("submit-registration");
  const submitLabel = submitButton.textContent;
  const CONCURRENT_UPLOADS = 3;
  const TEXT_FIELDS = ["team_name", "church_name", "captain_name", "captain_phone", "captain_email",
                       "vice_name", "vice_phone", "vice_email"];
  const PHONES = ["captain_phone", "vice_phone", "captain_whatsapp", "vice_whatsapp"];
  const EMAILS = ["captain_email", "vice_email"];

  const csrf = () => form.elements.csrf_token ? form.elements.csrf_token.value : "";
  const drafts = form.dataset.draftUrl && window.XMLHttpRequest && window.FormData
    ? ns.draftClient(form.dataset.draftUrl, csrf) : null;
  const state = {
    drafting: Boolean(drafts),   // false once the server turns out to have no drafts: one multipart post then
    token: null,
    files: {},                   // field -> the server's record of a file in the draft
    jobs: {},                    // field -> an upload waiting, running or failed
    submitting: false,
    ready: null,                 // resolves once a saved draft has been read back
  };

  // ----- fields and their messages -----

  const fileInputs = () => Array.from(form.querySelectorAll("input[type=file]"));
  const input = (name) => document.getElementById(name);

  function requiredFileFields() {
    const names = ["pastor_letter", "payment_receipt"];
    for (let i = 0; i < ns.rows.count(); i += 1) {
      names.push("player_" + i + "_aadhar_file", "player_" + i + "_subscription_file");
    }
    return names;
  }

  function describe(el, id, on) {
    const ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter((x) => x && x !== id);
    if (on) { ids.push(id); }
    if (ids.length) { el.setAttribute("aria-describedby", ids.join(" ")); } else { el.removeAttribute("aria-describedby"); }
  }

  function holder(name) {
    const el = input(name);
    return el ? el.closest(".field") || el : null;
  }

  function setError(name, text) {
    const box = holder(name);
    if (!box) { return; }
    const el = input(name);
    box.classList.add("invalid");
    let note = document.getElementById(name + "-error");
    if (!note) {
      note = document.createElement("p");
      note.className = "error";
      note.id = name + "-error";
      if (name === "players") { box.querySelector("legend").after(note); } else { box.append(note); }
    }
    note.textContent = text;
    if (el.matches("input, select")) { el.setAttribute("aria-invalid", "true"); describe(el, note.id, true); }
  }

  function clearError(name) {
    const box = holder(name);
    if (!box) { return; }
    const el = input(name);
    box.classList.remove("invalid");
    const note = document.getElementById(name + "-error");
    if (note) { note.remove(); }
    if (el.matches("input, select")) { el.removeAttribute("aria-invalid"); describe(el, name + "-error", false); }
  }

  function clearAllErrors() {
    form.querySelectorAll(".field.invalid").forEach((box) => {
      const el = box.querySelector("input, select");
      if (el) { clearError(el.id); }
    });
    clearError("players");
  }

  function labelFor(name) {
    const label = form.querySelector("label[for='" + name + "']");
    let text = label ? label.firstChild.textContent.trim() : name;
    const row = /^player_(\d+)_/.exec(name);
    if (row) { text = M("player", { number: parseInt(row[1], 10) + 1 }) + ": " + text; }
    if (name === "players") { text = form.querySelector("#players legend").textContent; }
    return text;
  }

  // The summary at the top: the message, then every error as a link that moves focus to its field.
  function showSummary(text, errors, formError) {
    const box = document.getElementById("form-message");
    const list = document.getElementById("error-summary");
    document.getElementById("form-message-text").textContent = text;
    Array.from(box.children).forEach((child) => {
      if (!["form-message-text", "error-summary", "files-note"].includes(child.id)) { child.remove(); }
    });
    if (formError) {
      const extra = document.createElement("p");
      extra.textContent = formError;
      list.before(extra);
    }
    list.replaceChildren();
    Object.keys(errors).forEach((name) => {
      const link = document.createElement("a");
      link.href = "#" + name;
      link.textContent = labelFor(name) + ": " + errors[name];
      const item = document.createElement("li");
      item.append(link);
      list.append(item);
    });
    const note = document.getElementById("files-note");
    note.hidden = !Object.keys(state.files).length;
    note.textContent = M("filesKept");
    box.hidden = false;
    box.focus();
  }

  function hideSummary() {
    document.getElementById("form-message").hidden = true;
  }

  document.getElementById("error-summary").addEventListener("click", (event) => {
    const link = event.target.closest("a");
    const target = link && input(link.hash.slice(1));
    if (target) {
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      target.focus();
    }
  });

  // ----- checks before sending -----

  function checkFormat(name) {
    const el = input(name);
    if (!el || !el.value.trim()) { return null; }
    if (PHONES.includes(name) && !ns.checks.isPhone(el.value)) { return M("phone"); }
    if (EMAILS.includes(name) && !ns.checks.isEmail(el.value)) { return M("email"); }
    return null;
  }

  function hasFile(name) {
    const job = state.jobs[name];
    if (state.files[name] || (job && !job.refused)) { return true; }
    return !state.drafting && input(name).files.length > 0;
  }

  // Every problem the browser can see, {field: message}, in form order.
  function checkAll() {
    const errors = {};
    const count = ns.rows.count();
    if (count < ns.rows.min || count > ns.rows.max) { errors.players = M("players"); }
    const names = TEXT_FIELDS.concat(Array.from({ length: count }, (x, i) => "player_" + i + "_name"));
    names.forEach((name) => { if (!input(name).value.trim()) { errors[name] = M("required"); } });
    PHONES.concat(EMAILS).forEach((name) => {
      const problem = checkFormat(name);
      if (problem) { errors[name] = problem; }
    });
    const seen = new Set();
    for (let i = 0; i < count; i += 1) {
      const key = ns.checks.nameKey(input("player_" + i + "_name").value);
      if (key && seen.has(key)) { errors["player_" + i + "_name"] = M("duplicate"); }
      seen.add(key);
    }
    requiredFileFields().forEach((name) => { if (!hasFile(name)) { errors[name] = M("fileRequired"); } });
    Object.values(state.jobs).forEach((job) => { if (job.refused) { errors[job.field] = job.refused; } });
    const ordered = {};
    Array.from(form.querySelectorAll("input[id], select[id]")).forEach((el) => {
      if (el.id in errors) { ordered[el.id] = errors[el.id]; }
    });
    return Object.assign(errors.players ? { players: errors.players } : {}, ordered);
  }

  form.addEventListener("focusout", (event) => {
    const name = event.target.id;
    if (!PHONES.includes(name) && !EMAILS.includes(name)) { return; }
    const problem = checkFormat(name);
    if (problem) { setError(name, problem); } else { clearError(name); }
  });

  // ----- the saved form -----

  function snapshot() {
    const fields = {};
    Array.from(form.elements).forEach((el) => {
      if (el.name && (el.tagName === "SELECT" || ["text", "tel", "email"].includes(el.type))) {
        fields[el.name] = el.value;
      }
    });
    return fields;
  }

  let saveTimer = null;
  function saveSoon() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 250);
  }
  function save() {
    clearTimeout(saveTimer);
    if (state.finished) { return; }  // registered: nothing may be written back after the clear
    ns.store.save({ fields: snapshot(), rows: ns.rows.count(), token: state.token,
                    files: Object.keys(state.files).length });
  }

  function setToken(token) {
    state.token = token;
    tokenInput.value = token || "";
    save();
  }

  function restoreFields(saved) {
    if (saved.rows) { ns.rows.setCount(saved.rows); }
    let restored = false;
    Object.entries(saved.fields || {}).forEach(([name, value]) => {
      const el = form.elements[name];
      if (el && el.name === name && !el.value && value) { el.value = value; restored = true; }
    });
    return restored;
  }

  form.addEventListener("input", (event) => {
    if (event.target.type !== "file") {
      saveSoon();
      if (event.target.closest(".invalid") && event.target.id) { clearError(event.target.id); }
    }
  });
  form.addEventListener("change", (event) => { if (event.target.type !== "file") { saveSoon(); } });
  window.addEventListener("pagehide", save);

  // ----- uploads -----

  const notice = document.createElement("p");
  notice.className = "notice";
  notice.setAttribute("role", "status");
  notice.hidden = true;
  form.prepend(notice);
  function say(text) {
    notice.textContent = text || "";
    notice.hidden = !text;
  }

  // The status line under a file input: a progress bar, the verdict (announced) and a retry button.
  function statusOf(name) {
    let box = document.getElementById(name + "-upload");
    if (!box) {
      const el = input(name);
      box = document.createElement("div");
      box.className = "upload";
      box.id = name + "-upload";
      const bar = document.createElement("progress");
      bar.max = 1;
      bar.value = 0;
      bar.setAttribute("aria-label", labelFor(name));
      const percent = document.createElement("span");
      percent.className = "upload-percent";
      percent.setAttribute("aria-hidden", "true");
      const text = document.createElement("span");
      text.className = "upload-text";
      text.setAttribute("role", "status");
      const retry = document.createElement("button");
      retry.type = "button";
      retry.className = "secondary retry";
      retry.textContent = M("retry");
      retry.setAttribute("aria-label", M("retry") + ": " + labelFor(name));
      retry.hidden = true;
      retry.addEventListener("click", () => retryJob(name));
      box.append(bar, percent, text, retry);
      el.after(box);
      describe(el, box.id, true);
    }
    return { box: box, bar: box.querySelector("progress"), text: box.querySelector(".upload-text"),
             percent: box.querySelector(".upload-percent"), retry: box.querySelector(".retry") };
  }

  function showStatus(name, kind, text, progress) {
    const ui = statusOf(name);
    ui.box.dataset.state = kind;
    if (text !== null) { ui.text.textContent = text; }
    ui.bar.hidden = kind === "refused";
    if (progress !== undefined) { ui.bar.value = progress; }
    ui.percent.textContent = kind === "uploading" ? Math.floor(100 * ui.bar.value) + "%" : "";
    ui.retry.hidden = kind !== "failed";
  }

  function showReceived(name, note) {
    const file = state.files[name];
    const text = M("uploaded", { name: file.filename, size: ns.checks.formatSize(file.size) });
    showStatus(name, "done", note ? text + " " + note : text, 1);
    input(name).required = false;
  }

  function removeStatus(name) {
    const box = document.getElementById(name + "-upload");
    if (box) { describe(input(name), box.id, false); box.remove(); }
  }

  function updateOverall() {
    const names = requiredFileFields();
    if (state.files.group_photo || state.jobs.group_photo) { names.push("group_photo"); }
    let done = 0;
    let progress = 0;
    names.forEach((name) => {
      const job = state.jobs[name];
      if (state.files[name] && !(job && job.running)) { done += 1; progress += 1; }
      else if (job && job.running && job.total) { progress += job.loaded / job.total; }
    });
    const box = document.getElementById("upload-overall");
    if (box.hidden && !Object.keys(state.files).length && !Object.keys(state.jobs).length) { return; }
    box.hidden = false;
    const bar = document.getElementById("overall-progress");
    bar.max = names.length;
    bar.value = progress;
    const text = M("overall", { done: done, total: names.length });
    const line = document.getElementById("overall-text");
    if (line.textContent !== text) { line.textContent = text; }
  }

  function running() { return Object.values(state.jobs).filter((job) => job.running).length; }

  function pump() {
    Object.values(state.jobs).forEach((job) => {
      if (job.waiting && running() < CONCURRENT_UPLOADS) { start(job); }
    });
    updateOverall();
    const jobs = Object.values(state.jobs);
    if (state.queued && (jobs.some((job) => job.lost) || !jobs.some((job) => job.waiting || job.running))) {
      trySubmit();
    }
  }

  let draftPromise = null;
  function ensureDraft() {
    if (state.token) { return Promise.resolve(state.token); }
    if (!draftPromise) {
      draftPromise = drafts.create().then((draft) => { setToken(draft.token); return draft.token; })
        .finally(() => { draftPromise = null; });
    }
    return draftPromise;
  }

  async function start(job) {
    job.waiting = false;
    job.running = true;
    job.loaded = 0;
    showStatus(job.field, "uploading", M("uploading"), 0);
    try {
      await state.ready;
      let token;
      try {
        token = await ensureDraft();
      } catch (error) {
        if (error.status === 404 || error.status === 405) { fallBack(); return; }
        throw Object.assign(error, { creating: true });
      }
      if (state.jobs[job.field] !== job) { return; }
      job.token = token;
      const request = drafts.upload(token, job.field, job.blob, job.filename, (loaded, total) => {
        job.loaded = loaded;
        job.total = total;
        showStatus(job.field, "uploading", null, loaded / total);
        updateOverall();
      });
      job.abort = request.abort;
      const file = await request.promise;
      if (state.jobs[job.field] !== job) { return; }
      state.files[job.field] = file;
      delete state.jobs[job.field];
      const el = input(job.field);
      if (el.files[0] === job.file) { el.value = ""; }  // in the draft now: the final submit must not resend it
      clearError(job.field);
      showReceived(job.field, job.note);
      save();
    } catch (error) {
      if (state.jobs[job.field] === job) { failed(job, error); }
    } finally {
      job.running = false;
      pump();
    }
  }

  // The page's CSRF token expires (an hour by default): a fresh copy of the page gives a new one.
  async function freshCsrf() {
    const response = await fetch(window.location.pathname, { credentials: "same-origin" });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const token = page.querySelector("#registration-form [name=csrf_token]");
    if (token && form.elements.csrf_token) { form.elements.csrf_token.value = token.value; }
  }

  function failed(job, error) {
    if (error.code === "CSRF_FAILED" && !job.csrfRenewed) {
      job.csrfRenewed = true;
      freshCsrf().catch(() => null).then(() => { job.waiting = true; pump(); });
      return;
    }
    if (error.gone && !error.creating) {  // the draft expired or was used: start a new one, send this again
      if (state.token === job.token) {  // not when another upload already started the new draft
        setToken(null);
        forgetDraftFiles();
      }
      job.waiting = true;
      return;
    }
    if (error.retryable || !error.status) {
      job.lost = true;
      showStatus(job.field, "failed", error.network ? M("uploadLost") : M("uploadFailed"), 0);
      scheduleRetry(error.retryAfter * 1000);
      return;
    }
    // The server refused this file (type, size, the draft's cap): its verdict, next to the file.
    job.refused = error.message;
    input(job.field).value = "";
    showStatus(job.field, "refused", "", 0);
    setError(job.field, error.message);
  }

  // No drafts on this server: every picked file stays in its input and the form posts them all at once.
  function fallBack() {
    state.drafting = false;
    Object.values(state.jobs).forEach((each) => {
      removeStatus(each.field);
      if (each.blob && each.blob !== each.file) { putInInput(each.field, each.blob, each.filename); }
    });
    state.jobs = {};
    document.getElementById("upload-overall").hidden = true;
  }

  function putInInput(name, blob, filename) {
    try {
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], filename, { type: blob.type }));
      input(name).files = transfer.files;
    } catch (error) { /* an old browser keeps the original file; the server judges it */ }
  }

  function retryJob(name) {
    const job = state.jobs[name];
    if (job && job.lost) {
      job.lost = false;
      job.waiting = true;
      showStatus(name, "waiting", M("waiting"), 0);
      pump();
    }
  }

  let retryTimer = null;
  let retryDelay = 2000;
  // `atLeast`: milliseconds the server asked for (Retry-After), which the next try waits out whatever the backoff.
  function scheduleRetry(atLeast) {
    if (retryTimer) { return; }
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (navigator.onLine === false) { return; }  // the "online" event retries
      const lost = Object.keys(state.jobs).filter((name) => state.jobs[name].lost);
      lost.forEach(retryJob);
      retryDelay = lost.length ? Math.min(30000, retryDelay * 2) : 2000;
    }, Math.max(retryDelay, atLeast || 0));
  }

  window.addEventListener("offline", () => say(M("offline")));
  window.addEventListener("online", () => {
    say("");
    retryDelay = 2000;
    Object.keys(state.jobs).forEach(retryJob);
    if (state.token && !state.checked) { readDraft(true); }
  });

  function forgetDraftFiles() {
    Object.keys(state.files).forEach((name) => {
      if (!state.jobs[name] && input(name)) { removeStatus(name); input(name).required = name !== "group_photo"; }
    });
    if (Object.keys(state.files).length) { say(M("draftExpired")); }
    document.getElementById("files-note").hidden = true;
    state.files = {};
    save();
  }

  async function pick(el) {
    const name = el.name;
    const file = el.files[0];
    const old = state.jobs[name];
    if (old && old.abort) { old.abort(); }
    delete state.jobs[name];
    clearError(name);
    if (!file) { if (!state.files[name]) { removeStatus(name); } updateOverall(); return; }
    if (state.drafting) { showStatus(name, "checking", M("checking"), 0); }
    const prepared = await ns.checks.prepareFile(file, limit, limitText);
    if (el.files[0] !== file) { return; }  // another file was picked meanwhile
    if (prepared.error) {
      el.value = "";
      if (state.drafting) { showStatus(name, "refused", "", 0); }
      state.jobs[name] = { field: name, refused: prepared.error };
      setError(name, prepared.error);
      updateOverall();
      return;
    }
    if (!state.drafting) {
      if (prepared.blob !== file) { putInInput(name, prepared.blob, prepared.filename); }
      if (prepared.note) { setError(name, prepared.note); input(name).closest(".field").classList.remove("invalid"); }
      return;
    }
    state.jobs[name] = { field: name, file: file, blob: prepared.blob, filename: prepared.filename,
                         note: prepared.note, waiting: true, loaded: 0, total: prepared.blob.size };
    showStatus(name, "waiting", M("waiting"), 0);
    pump();
  }

  form.addEventListener("change", (event) => {
    if (event.target.type === "file") { pick(event.target); }
  });

  form.addEventListener("rows-changed", (event) => {
    const removed = event.detail.removed;
    if (removed !== undefined) {
      ["aadhar_file", "subscription_file"].forEach((part) => {
        const name = "player_" + removed + "_" + part;
        const job = state.jobs[name];
        if (job && job.abort) { job.abort(); }
        delete state.jobs[name];
        if (state.files[name] && state.token) {
          delete state.files[name];
          drafts.remove(state.token, name).catch(() => { /* the server drops files of absent rows anyway */ });
        }
      });
    }
    save();
    if (state.drafting) { pump(); }
  });

  // ----- reading back a saved draft -----

  async function readDraft(announce) {
    try {
      const draft = await drafts.read(state.token);
      state.checked = true;
      Object.entries(draft.files || {}).forEach(([name, file]) => {
        if (input(name) && !state.jobs[name]) { state.files[name] = file; showReceived(name); }
      });
      if (announce && Object.keys(state.files).length) { say(M("restored")); }
      updateOverall();
      save();
    } catch (error) {
      if (error.gone) {
        state.checked = true;
        const saved = ns.store.load();
        setToken(null);
        forgetDraftFiles();
        if (saved.files) { say(M("draftExpired")); }
      } else if (error.network) {
        say(M("offline"));
      }
    }
  }

  // ----- the final submit -----

  function lock(on, percent, text) {
    state.submitting = on;
    submitButton.disabled = on;
    submitButton.setAttribute("aria-busy", on ? "true" : "false");
    submitButton.textContent = on ? text || M("submitting", { percent: percent || 0 }) : submitLabel;
    const bar = document.getElementById("submit-progress");
    bar.hidden = !on;
    if (on && percent !== undefined) { bar.value = percent / 100; } else { bar.removeAttribute("value"); }
  }

  // A refused submit comes back as the form page: take its messages and fresh CSRF token, keep everything else.
  function applyServerPage(html) {
    const page = new DOMParser().parseFromString(html, "text/html");
    const again = page.getElementById("registration-form");
    if (!again) { return false; }
    const token = again.querySelector("[name=csrf_token]");
    if (token && form.elements.csrf_token) { form.elements.csrf_token.value = token.value; }
    const errors = {};
    again.querySelectorAll(".field.invalid input, .field.invalid select").forEach((el) => {
      const note = el.closest(".field").querySelector(".error");
      errors[el.id] = note ? note.textContent.trim() : "";
    });
    const players = page.getElementById("players-error");
    if (players) { errors.players = players.textContent.trim(); }
    clearAllErrors();
    const ordered = errors.players ? { players: errors.players } : {};
    Object.keys(errors).forEach((name) => {
      if (name !== "players") { ordered[name] = errors[name]; }
      setError(name, errors[name]);
    });
    // A full church's refusal offers its waiting list: show that offer as the server rendered it.
    const joinShown = document.getElementById("waitlist-join");
    if (joinShown) { joinShown.remove(); }
    const joinOffered = page.getElementById("waitlist-join");
    if (joinOffered) {
      const anchor = document.getElementById("player-count-form") || form;
      anchor.parentNode.insertBefore(document.importNode(joinOffered, true), anchor);
    }
    const text = page.getElementById("form-message-text");
    const box = page.getElementById("form-message");
    const extra = box ? Array.from(box.querySelectorAll("p")).find((p) => !p.id) : null;
    showSummary(text ? text.textContent.trim() : M("fix"), ordered, extra ? extra.textContent.trim() : "");
    return true;
  }

  function submitBody() {
    const body = new FormData(form);
    fileInputs().forEach((el) => { if (!el.files.length) { body.delete(el.name); } });
    return body;
  }

  function send() {
    lock(true, 0);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) { lock(true, Math.floor((100 * event.loaded) / event.total)); }
    });
    xhr.addEventListener("load", () => {
      if (xhr.status === 200 && /\/register\/done\//.test(xhr.responseURL)) {
        state.finished = true;
        ns.store.clear();
        window.location.assign(xhr.responseURL);
        return;  // the button stays locked: the success page is on its way
      }
      lock(false);
      if (!applyServerPage(xhr.responseText)) { showSummary(M("submitFailed"), {}, ""); }
      save();
      if (state.token) { readDraft(false); }  // a draft the server no longer knows must be filled again
    });
    xhr.addEventListener("error", () => { lock(false); showSummary(M("submitLost"), {}, ""); });
    xhr.addEventListener("timeout", () => { lock(false); showSummary(M("submitLost"), {}, ""); });
    xhr.send(submitBody());
  }

  // Check, then send; while documents are still going up, the submit waits for them (button locked).
  function trySubmit() {
    state.queued = false;
    clearAllErrors();
    const errors = checkAll();
    Object.entries(errors).forEach(([name, text]) => setError(name, text));
    const jobs = Object.values(state.jobs);
    if (Object.keys(errors).length) { lock(false); showSummary(M("fix"), errors, ""); return; }
    if (jobs.some((job) => job.lost)) { lock(false); showSummary(M("pending"), {}, ""); return; }
    hideSummary();
    save();
    if (jobs.some((job) => job.waiting || job.running)) {
      state.queued = true;
      lock(true, undefined, M("waitingForFiles"));
      return;
    }
    send();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!state.submitting) { trySubmit(); }
  });

  // Closing the tab while documents are still going up would lose those (the others are in the draft).
  window.addEventListener("beforeunload", (event) => {
    if (!state.finished && Object.values(state.jobs).some((job) => job.waiting || job.running)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // A page restored from the back-forward cache must not keep a locked button.
  window.addEventListener("pageshow", (event) => { if (event.persisted) { lock(false); } });

  // ----- start -----

  const saved = ns.store.load();
  const restored = restoreFields(saved);
  if (!document.getElementById("form-message").hidden) {
    document.getElementById("form-message").focus();
  }
  if (drafts && saved.token) {
    state.token = saved.token;
    tokenInput.value = saved.token;
    state.ready = readDraft(true);
  } else {
    state.ready = Promise.resolve();
    if (restored) { say(M("restored")); }
  }
  save();
}(window.ICCT26 || {}));
