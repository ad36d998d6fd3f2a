// The organiser's review page: keyboard shortcuts, verdicts saved in place, documents viewed large.
// Without this script every form and link still works (each verdict or decision is a plain POST).
(function () {
  "use strict";

  function isTyping(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function plainKey(event) {
    return !(event.ctrlKey || event.metaKey || event.altKey);
  }

  // The rejection form: Ctrl+Enter submits, Esc goes back to the team.
  var rejectForm = document.getElementById("reject-form");
  if (rejectForm) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        rejectForm.requestSubmit();
      } else if (event.key === "Escape") {
        window.location.href = document.getElementById("reject-cancel").href;
      }
    });
  }

  var root = document.getElementById("team-review");
  if (!root) {
    return;
  }
  var cards = Array.prototype.slice.call(root.querySelectorAll(".doc"));
  var viewer = document.getElementById("doc-viewer");
  var current = -1;
  var saving = [];  // verdicts on their way: a decision waits for them, so the rejection lists them all

  function select(index) {
    if (!cards.length) {
      return;
    }
    current = Math.max(0, Math.min(cards.length - 1, index));
    cards.forEach(function (card, i) { card.classList.toggle("current", i === current); });
    cards[current].focus({preventScroll: true});
    cards[current].scrollIntoView({block: "nearest", inline: "nearest"});
  }

  function currentCard() {
    if (current < 0) {
      select(0);
    }
    return cards[current];
  }

  function showError(card, message) {
    var error = card.querySelector(".verdict-error");
    error.textContent = message || "";
    error.hidden = !message;
  }

  function send(card, verdict) {
    var form = card.querySelector(".verdict-form");
    var data = new FormData(form);
    data.set("verdict", verdict);
    var saved = fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                                    headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (body) { return {ok: response.ok, body: body}; });
      })
      .then(function (result) {
        if (!result.ok) {
          showError(card, result.body.message);
          return;
        }
        var doc = result.body.document;
        showError(card, "");
        card.classList.remove("verdict-none", "verdict-ok", "verdict-problem");
        card.classList.add("verdict-" + (doc.verdict || "none"));
        card.querySelector(".verdict-badge").textContent = doc.label;
        card.querySelector(".verdict-note").value = doc.note || "";
        document.getElementById("problem-count").textContent = result.body.problems;
        document.getElementById("unreviewed-count").textContent = result.body.unreviewed;
      })
      .catch(function () {
        showError(card, root.getAttribute("data-offline"));
      });
    saving.push(saved);
  }

  // Move on at once: waiting for the save would pull the focus away from whatever the organiser does next.
  // A refused or failed save shows its message on the card it concerns.
  function decideAndMove(card, verdict) {
    send(card, verdict);
    select(cards.indexOf(card) + 1);
  }

  function openLarge(card) {
    var link = card.querySelector(".doc-open");
    if (!link || !viewer || typeof viewer.showModal !== "function") {
      return;
    }
    document.getElementById("doc-viewer-image").src = link.href;
    document.getElementById("doc-viewer-image").alt = card.getAttribute("aria-label");
    document.getElementById("doc-viewer-original").href = link.getAttribute("data-original");
    viewer.showModal();
  }

  function decision(key) {
    var target = root.querySelector('[data-key="' + key + '"]');
    if (!target) {
      return;
    }
    Promise.all(saving).then(function () {
      if (target.tagName === "A") {
        window.location.href = target.href;
      } else if (window.confirm(target.getAttribute("data-confirm"))) {
        target.requestSubmit(target.querySelector("button[type=submit]"));
      }
    });
  }

  cards.forEach(function (card, index) {
    var form = card.querySelector(".verdict-form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = event.submitter || form.querySelector(".verdict-problem");
      current = index;
      decideAndMove(card, button.value);
    });
    card.addEventListener("focusin", function () {
      current = index;
      cards.forEach(function (other, i) { other.classList.toggle("current", i === index); });
    });
    var link = card.querySelector(".doc-open");
    if (link) {
      link.addEventListener("click", function (event) {
        if (plainKey(event) && !event.shiftKey && viewer && typeof viewer.showModal === "function") {
          event.preventDefault();
          current = index;
          openLarge(card);
        }
      });
    }
  });

  document.addEventListener("keydown", function (event) {
    if (!plainKey(event) || (viewer && viewer.open)) {
      return;  // the open dialog closes itself on Esc
    }
    if (isTyping(event.target)) {
      if (event.key === "Escape") {
        event.target.blur();
        if (current >= 0) {
          cards[current].focus({preventScroll: true});
        }
      }
      return;
    }
    var handled = true;
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "v": if (cards.length) { openLarge(currentCard()); } break;
      case "o": if (cards.length) { decideAndMove(currentCard(), "ok"); } break;
      case "p":
        if (cards.length) {
          var note = currentCard().querySelector(".verdict-note");
          note.focus();
          note.select();
        }
        break;
      case "?": var keys = document.getElementById("review-keys"); keys.open = !keys.open; break;
      case "c": case "r": case "w": case "u": case "n": decision(event.key); break;
      default: handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });
})();
