// The press office's deadlines count down while the page is open: every <time data-countdown> shows its date and
// the time left (or past), in the page's language; overdue ones are marked.
(function () {
  "use strict";
  var units = [["day", 86400], ["hour", 3600], ["minute", 60]];
  function left(seconds, format) {
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(seconds) >= units[i][1] || i === units.length - 1) {
        return format.format(Math.round(seconds / units[i][1]), units[i][0]);
      }
    }
    return "";
  }
  function refresh() {
    var format = new Intl.RelativeTimeFormat(document.documentElement.lang || "pl", {numeric: "auto"});
    document.querySelectorAll("time[data-countdown]").forEach(function (node) {
      var due = new Date(node.getAttribute("datetime"));
      var seconds = (due.getTime() - Date.now()) / 1000;
      var shown = node.textContent.replace(/\s*\(.*\)\s*$/, "");
      node.textContent = shown + " (" + left(seconds, format) + ")";
      node.classList.toggle("overdue", seconds < 0);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    refresh();
    window.setInterval(refresh, 30000);
  });
})();
