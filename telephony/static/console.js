/* The agent console's screen-pop: the calls part of the page is fetched again every few hundred milliseconds
   (a server-rendered fragment), and a new caller is announced to screen readers. */
(function () {
  "use strict";
  var box = document.getElementById("console-calls");
  var status = document.getElementById("calls-status");
  if (!box) { return; }
  var url = box.getAttribute("data-url");
  var every = parseInt(box.getAttribute("data-poll-ms"), 10) || 700;
  var last = comparable(box.innerHTML);
  var known = ids(box);

  /* Every fragment carries fresh CSRF tokens (signed with the time); only a change in the calls themselves may
     replace the part of the page the agent is clicking in. */
  function comparable(html) {
    return html.replace(/<input[^>]*name="csrf_token"[^>]*>/g, "");
  }

  function ids(root) {
    var found = {};
    root.querySelectorAll("[data-call]").forEach(function (el) { found[el.getAttribute("data-call")] = true; });
    return found;
  }

  function busyTyping() {
    var active = document.activeElement;
    return active && box.contains(active) && active.tagName === "INPUT" && active.value !== "";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || comparable(html) === last || busyTyping()) { return; }
        last = comparable(html);
        box.innerHTML = html;  // rendered and escaped by the server
        var now = ids(box);
        Object.keys(now).forEach(function (sid) {
          if (!known[sid]) {
            var heading = box.querySelector('[data-call="' + sid + '"] h3');
            status.textContent = heading ? heading.textContent : "";
          }
        });
        known = now;
      })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { setTimeout(poll, every); });
  }
  setTimeout(poll, every);
}());
