// Player rows on the registration form: add and remove rows, keeping the contract's contiguous indexes.
// Announces every change with a "rows-changed" event on #players ({count, removed?: index, added?: index}).
window.ICCT26 = window.ICCT26 || {};
(function (ns) {
  "use strict";
  const players = document.getElementById("players");
  if (!players) { return; }
  const min = parseInt(players.dataset.min, 10);
  const max = parseInt(players.dataset.max, 10);
  const addButton = document.getElementById("add-player");
  const removeButton = document.getElementById("remove-player");

  function rows() { return players.querySelectorAll(".player-row"); }

  function update() {
    addButton.disabled = rows().length >= max;
    removeButton.disabled = rows().length <= min;
  }

  function announce(detail) {
    detail.count = rows().length;
    players.dispatchEvent(new CustomEvent("rows-changed", { bubbles: true, detail: detail }));
  }

  // A clean copy of the last row for the next index: no values, errors or upload states.
  function add() {
    const all = rows();
    if (all.length >= max) { return null; }
    const last = all[all.length - 1];
    const index = all.length;
    const copy = last.cloneNode(true);
    copy.dataset.index = index;
    copy.querySelectorAll(".upload, .error").forEach((el) => el.remove());
    copy.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
    copy.querySelectorAll("[id],[name],[for]").forEach((el) => {
      ["id", "name", "for"].forEach((attr) => {
        const value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/player_\d+_/, "player_" + index + "_")); }
      });
    });
    copy.querySelectorAll("input, select").forEach((el) => {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
      if (el.tagName === "SELECT") { el.selectedIndex = 0; } else { el.value = ""; el.required = true; }
    });
    const heading = copy.querySelector(".player-heading");
    heading.textContent = heading.textContent.replace(/\d+/, String(index + 1));
    last.after(copy);
    update();
    announce({ added: index });
    return copy;
  }

  function removeLast() {
    const all = rows();
    if (all.length <= min) { return false; }
    all[all.length - 1].remove();
    update();
    announce({ removed: all.length - 1 });
    return true;
  }

  // Bring the form to `count` rows (within the tournament's bounds), e.g. when restoring a saved form.
  function setCount(count) {
    const wanted = Math.max(min, Math.min(max, count || 0));
    while (rows().length < wanted && add()) { /* adding */ }
    while (rows().length > wanted && removeLast()) { /* removing */ }
  }

  // With the script, rows are added in the page: the buttons replace the no-script "number of players" form.
  addButton.closest(".row-buttons").hidden = false;
  const countForm = document.getElementById("player-count-form");
  if (countForm) { countForm.hidden = true; }
  addButton.addEventListener("click", () => {
    const row = add();
    if (row) { row.querySelector("input").focus(); }
  });
  removeButton.addEventListener("click", removeLast);
  update();
  ns.rows = { min: min, max: max, count: () => rows().length, setCount: setCount };
}(window.ICCT26));
