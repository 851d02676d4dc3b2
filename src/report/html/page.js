// Filters: an entry (a finding, or a finding shown inline in a region table) is shown when its
// severity and its rule are both checked. The URL fragment sets the checkboxes on load and
// follows every change: #severity=error, #rule=label-variant, #severity=error,warning&rule=AA003.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var entries = document.querySelectorAll("[data-severity][data-rule]");
  var shown = document.getElementById("shown");
  var groups = ["severity", "rule"];

  function boxes(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]'));
  }

  function apply() {
    var wanted = {};
    groups.forEach(function (name) {
      wanted[name] = {};
      boxes(name).forEach(function (box) { if (box.checked) wanted[name][box.value] = true; });
    });
    var total = 0, visible = 0;
    entries.forEach(function (entry) {
      var show = wanted.severity[entry.dataset.severity] === true &&
        wanted.rule[entry.dataset.rule] === true;
      entry.hidden = !show;
      if (entry.classList.contains("finding")) {
        total += 1;
        if (show) visible += 1;
      }
    });
    if (shown) shown.textContent = visible + " of " + total + " findings shown";
  }

  // A fragment without "=" is a plain anchor (#finding-3) and leaves the filters alone.
  function readFragment() {
    var fragment = location.hash.slice(1);
    if (fragment.indexOf("=") < 0) return false;
    var params = new URLSearchParams(fragment);
    groups.forEach(function (name) {
      var all = !params.has(name);
      var values = params.getAll(name).join(",").toLowerCase().split(",")
        .map(function (value) { return value.trim(); });
      boxes(name).forEach(function (box) {
        box.checked = all || values.indexOf(box.value) >= 0 ||
          values.indexOf((box.dataset.id || "").toLowerCase()) >= 0;
      });
    });
    return true;
  }

  function writeFragment() {
    var parts = [];
    groups.forEach(function (name) {
      var all = boxes(name);
      var on = all.filter(function (box) { return box.checked; });
      if (on.length < all.length) {
        parts.push(name + "=" + on.map(function (box) { return box.value; }).join(","));
      }
    });
    try {
      history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname);
    } catch (error) {
      // Some browsers refuse history changes on file:// pages; the filters still work.
    }
  }

  form.addEventListener("change", function () { apply(); writeFragment(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", function () { if (readFragment()) apply(); });
  readFragment();
  apply();
})();
