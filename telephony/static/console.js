/* The agent console's screen-pop: the calls part of the page comes as server-sent events, sent by the server the
   moment a call changes (cct.push); where the browser has no EventSource, or the server has no thread left for
   another stream, the page asks for the part every few hundred milliseconds instead. A new caller is announced to
   screen readers. */
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

  function show(html) {
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
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(show)
      .catch(function () { /* the next poll tries again */ })
      .then(function () { setTimeout(poll, every); });
  }

  var events = box.getAttribute("data-events");
  if (events && window.EventSource) {
    var source = new EventSource(events);
    box.setAttribute("data-live", "stream");
    source.addEventListener("calls", function (event) { show(event.data); });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {  // refused (no thread left): ask instead
        box.setAttribute("data-live", "poll");
        setTimeout(poll, every);
      }
    };
  } else {
    box.setAttribute("data-live", "poll");
    setTimeout(poll, every);
  }
}());
