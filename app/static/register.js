// Adds and removes player rows on the registration form, keeping the contract's contiguous indexes.
(function () {
  "use strict";
  var players = document.getElementById("players");
  if (!players) { return; }
  var min = parseInt(players.dataset.min, 10);
  var max = parseInt(players.dataset.max, 10);
  function rows() { return players.querySelectorAll(".player-row"); }
  function update() {
    document.getElementById("add-player").disabled = rows().length >= max;
    document.getElementById("remove-player").disabled = rows().length <= min;
  }
  document.getElementById("add-player").addEventListener("click", function () {
    var all = rows();
    if (all.length >= max) { return; }
    var last = all[all.length - 1];
    var index = all.length;
    var copy = last.cloneNode(true);
    copy.dataset.index = index;
    copy.querySelectorAll("[id],[name],[for],[aria-describedby]").forEach(function (el) {
      ["id", "name", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/player_\d+_/, "player_" + index + "_")); }
      });
    });
    copy.querySelectorAll("input").forEach(function (input) { input.value = ""; });
    copy.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
    copy.querySelectorAll(".error").forEach(function (el) { el.remove(); });
    copy.querySelectorAll(".invalid").forEach(function (el) { el.classList.remove("invalid"); });
    var heading = copy.querySelector("h3");
    heading.textContent = heading.textContent.replace(/\d+/, String(index + 1));
    last.after(copy);
    update();
  });
  document.getElementById("remove-player").addEventListener("click", function () {
    var all = rows();
    if (all.length > min) { all[all.length - 1].remove(); }
    update();
  });
  update();
}());
