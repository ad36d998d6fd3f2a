// The one result form: shows the super-over inputs only for a tie settled by a super over, and only the reason
// for an abandoned match. Hidden parts are disabled too, so what the scorer cannot see is never sent.
(function () {
  "use strict";
  var type = document.getElementById("result_type");
  if (!type) { return; }
  function part(inputId) {
    var input = document.getElementById(inputId);
    return input ? input.closest("fieldset") : null;
  }
  var superOver = part("super_first_runs");
  var played = ["toss_winner_id", "first_runs", "second_runs", "super_first_runs", "started_at"].map(part);
  function show(fieldset, visible) {
    if (!fieldset) { return; }
    fieldset.hidden = !visible;
    fieldset.disabled = !visible;
  }
  function update() {
    var abandoned = type.value === "abandoned";
    played.forEach(function (fieldset) { show(fieldset, !abandoned); });
    show(superOver, type.value === "super_over");
  }
  type.addEventListener("change", update);
  update();
}());
