// The knowledge base's search page reports what was searched and which result was opened, as the agent's panel does
// (knowledge.learned): the search once when its results are shown, the article when a result is followed. A beacon,
// so following the link never waits for it.
(function () {
  "use strict";
  var found = document.querySelector(".kb-found");
  if (!found || !navigator.sendBeacon) { return; }
  var url = found.getAttribute("data-searched-url");
  var query = found.getAttribute("data-query");

  function report(slug, counted) {
    var form = new FormData();
    form.append("csrf_token", found.getAttribute("data-csrf"));
    form.append("q", query);
    if (slug) { form.append("slug", slug); }
    if (counted) { form.append("counted", "1"); }
    navigator.sendBeacon(url, form);
  }

  report("", false);
  document.querySelectorAll(".kb-results a[data-slug]").forEach(function (link) {
    link.addEventListener("click", function () { report(link.getAttribute("data-slug"), true); });
  });
}());
