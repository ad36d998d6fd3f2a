// Match-day check-in: a tick saves at once (the Save buttons are for browsers without this script); Print.
(function () {
  "use strict";
  var root = document.getElementById("checkin");
  if (!root) {
    return;
  }
  root.classList.add("scripted");
  var printButton = document.getElementById("print-sheet");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }

  function showError(form, message) {
    var error = form.querySelector(".tick-error");
    error.textContent = message || "";
    error.hidden = !message;
  }

  Array.prototype.forEach.call(root.querySelectorAll(".tick-form"), function (form) {
    var box = form.querySelector(".tick");
    var row = form.closest(".checkin-row");
    var side = form.closest(".checkin-side");
    box.addEventListener("change", function () {
      var data = new FormData(form);
      data.set("present", box.checked ? "1" : "0");
      box.disabled = true;
      fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (response) {
          return response.json().then(function (body) { return {ok: response.ok, body: body}; });
        })
        .then(function (result) {
          if (!result.ok) {
            box.checked = !box.checked;
            showError(form, result.body.message);
            return;
          }
          showError(form, "");
          row.classList.toggle("present", result.body.present);
          side.querySelector(".count").textContent = result.body.count;
        })
        .catch(function () {
          box.checked = !box.checked;
          showError(form, root.getAttribute("data-offline"));
        })
        .then(function () { box.disabled = false; });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      box.dispatchEvent(new Event("change"));
    });
  });
})();
