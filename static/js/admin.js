// Administration pages: remember the officer's counter, edit the priority list rows.
(function () {
  "use strict";

  var COUNTER_KEY = "reception.desk.counter";

  // Put the counter this computer used last time first, marked, and focused.
  function markLastCounter() {
    var picker = document.getElementById("counter-picker");
    if (!picker) return;
    var last = null;
    try { last = window.localStorage.getItem(COUNTER_KEY); } catch (e) { return; }
    if (!last) return;
    var choice = picker.querySelector('[data-counter-id="' + CSS.escape(last) + '"]');
    if (!choice) return;
    choice.classList.add("is-last");
    picker.insertBefore(choice, picker.firstChild);
    choice.focus();
  }

  // Add and remove rows of the priority groups table; the server skips blank rows.
  function priorityRows() {
    var body = document.getElementById("priority-rows");
    var add = document.getElementById("add-priority-row");
    if (!body || !add) return;
    body.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-row]");
      if (!button) return;
      var row = button.closest("tr");
      if (body.rows.length > 1) {
        row.remove();
      } else {
        row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      }
    });
    add.addEventListener("click", function () {
      var template = body.rows[body.rows.length - 1];
      var row = template.cloneNode(true);
      row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      body.appendChild(row);
      row.querySelector("input").focus();
    });
  }

  markLastCounter();
  priorityRows();
})();
