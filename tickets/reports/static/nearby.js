/* The report form: as the resident gives the category and the place, open reports of the same kind nearby are shown,
   each with a button that adds the resident's report to it. Without this script the form works as before (and a
   refused form shows them too). */
(function () {
  "use strict";
  var box = document.getElementById("nearby");
  var form = box && box.closest("form");
  if (!form) { return; }
  var names = ["category", "street", "house_number", "lat", "lon"];
  var timer = null;
  var last = null;

  function ask() {
    var query = new URLSearchParams();
    names.forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value) { query.set(name, field.value); }
    });
    var text = query.toString();
    if (text === last) { return; }
    last = text;
    fetch(box.getAttribute("data-url") + "?" + text, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (text === last) { box.innerHTML = html; } })
      .catch(function () { /* nothing shown: the resident simply sends the report */ });
  }

  function soon() { clearTimeout(timer); timer = setTimeout(ask, 300); }

  names.forEach(function (name) {
    var field = form.elements[name];
    if (field) { field.addEventListener("change", soon); field.addEventListener("input", soon); }
  });
  // the map marks the place by setting the hidden fields, which fire no event of their own
  document.addEventListener("cct:place-marked", soon);
  soon();
})();
