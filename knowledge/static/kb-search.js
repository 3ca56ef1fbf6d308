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

  // Back from an article (or a reload) shows the same search again: it was reported when it was made
  var navigation = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (!navigation || (navigation.type !== "back_forward" && navigation.type !== "reload")) { report("", false); }
  document.querySelectorAll(".kb-results a[data-slug]").forEach(function (link) {
    link.addEventListener("click", function () { report(link.getAttribute("data-slug"), true); });
  });
}());
