// The agent's knowledge panel: results while typing, arrow keys to choose, Enter to open the article beside the
// ticket, and "use this article" to link it to the ticket. Without this script the panel's form is a plain search.
(function () {
  "use strict";
  var panel = document.querySelector(".kb-panel");
  if (!panel) { return; }
  var input = panel.querySelector("#kb-panel-q");
  var list = panel.querySelector("#kb-panel-results");
  var status = panel.querySelector("#kb-panel-status");
  var reader = panel.querySelector("#kb-panel-article");
  var useTemplate = panel.querySelector("#kb-panel-use-template");
  var searchUrl = panel.getAttribute("data-search-url");
  var ticket = panel.getAttribute("data-ticket") || panel.getAttribute("data-call");
  var collecting = panel.getAttribute("data-new-ticket") === "true" && document.getElementById("new-ticket") !== null;
  var timer = null;
  var PAUSE_MS = 15;
  /* What the agent searched is reported once they pause on a query (SETTLE_MS) or open one of its results: editors
     see what was not found, and the search learns which article answers what (knowledge.learned). */
  var searchedUrl = panel.getAttribute("data-searched-url");
  var csrf = panel.getAttribute("data-csrf");
  var SETTLE_MS = 2000;
  var settle = null;
  var reported = {};
  var latest = 0;
  var active = -1;

  function options() { return list.querySelectorAll("[role=option]"); }

  function choose(index) {
    var items = options();
    if (items.length) { active = window.cct.highlightOption(input, items, index); }
  }

  function render(data, text) {
    list.textContent = "";
    list.setAttribute("data-query", text);  // what the results shown are for
    active = -1;
    input.removeAttribute("aria-activedescendant");
    data.results.forEach(function (result, i) {
      var item = document.createElement("li");
      item.id = "kb-panel-option-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.panelUrl = result.panel_url;
      item.dataset.slug = result.slug;
      var title = document.createElement("span");
      title.className = "kb-panel-title";
      title.textContent = result.title + " (" + result.unit + ")";
      var snippet = document.createElement("span");
      snippet.className = "snippet";
      snippet.innerHTML = result.snippet;  // server-escaped text with <mark> only
      item.appendChild(title);
      item.appendChild(snippet);
      item.addEventListener("click", function () { open(i); });
      list.appendChild(item);
    });
    status.textContent = data.results.length ? data.results.length + " / " + data.total : "0";
    clearTimeout(settle);
    if (text) { settle = setTimeout(function () { report(text, ""); }, SETTLE_MS); }
  }

  function report(text, slug) {
    if (!searchedUrl || !text || (reported[text] && !slug)) { return; }
    var body = new URLSearchParams({ q: text });
    if (slug) { body.append("slug", slug); }
    if (reported[text]) { body.append("counted", "1"); }
    reported[text] = true;
    fetch(searchedUrl, { method: "POST", body: body, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" })
      .catch(function () { /* statistics: a lost report costs nothing the agent needs */ });
  }

  /* Each keystroke asks at once (a burst of keys within PAUSE_MS, e.g. a paste, asks once), and a newer question
     cancels the one still on its way: the agent sees the results of what is typed now, not of a key ago. */
  var inFlight = null;

  function search() {
    var text = input.value.trim();
    var request = ++latest;
    if (inFlight) { inFlight.abort(); inFlight = null; }
    if (!text) { render({ results: [], total: 0 }, ""); return; }
    inFlight = window.AbortController ? new AbortController() : null;
    fetch(searchUrl + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" }, credentials: "same-origin", signal: inFlight ? inFlight.signal : undefined
    })
      .then(function (response) { return response.ok ? response.json() : { results: [], total: 0 }; })
      .then(function (data) { if (request === latest) { render(data, text); } })
      .catch(function () { /* cancelled by a newer key, or the network: keep the last results */ });
  }

  function open(index) {
    var item = options()[index];
    if (!item) { return; }
    choose(index);
    clearTimeout(settle);
    report(list.getAttribute("data-query"), item.dataset.slug);
    fetch(item.dataset.panelUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        reader.innerHTML = html;  // a server-rendered, sanitised fragment
        var doc = reader.querySelector(".kb-panel-doc");
        if (doc && (ticket || collecting)) {
          var form = useTemplate.content.firstElementChild.cloneNode(true);
          form.action = doc.getAttribute("data-use-url");
          form.addEventListener("submit", function (event) {
            // the new-ticket workspace keeps the article and links it when the ticket is saved
            var use = new CustomEvent("kb:use", { cancelable: true, detail: { slug: doc.getAttribute("data-slug"), title: doc.getAttribute("data-title") } });
            if (!document.dispatchEvent(use)) {
              event.preventDefault();
              status.textContent = panel.getAttribute("data-added");
              input.focus();
            }
          });
          doc.appendChild(form);
        }
        var reply = document.querySelector("textarea[data-reply]");
        if (doc && reply) {
          var insert = document.createElement("button");
          insert.type = "button";
          insert.textContent = panel.getAttribute("data-insert");
          insert.addEventListener("click", function () {
            var answer = doc.querySelector(".kb-panel-answer").innerText.trim();
            document.dispatchEvent(new CustomEvent("cct:insert-reply", { detail: { text: answer } }));  // cct.js
            status.textContent = panel.getAttribute("data-inserted");
          });
          doc.appendChild(insert);
        }
        reader.focus();
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, PAUSE_MS);
  });
  input.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }  // the page's shortcuts (Ctrl+Enter saves the ticket)
    if (event.key === "ArrowDown") { event.preventDefault(); choose(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); choose(active - 1); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); open(active); }
    else if (event.key === "Escape") { input.value = ""; render({ results: [], total: 0 }, ""); }
  });
  panel.querySelector(".kb-panel-form").addEventListener("submit", function (event) {
    // never leave the page the panel sits on (the agent is mid-call): open the chosen result, or search again
    event.preventDefault();
    if (options().length) { open(active >= 0 ? active : 0); } else { search(); }
  });
  if (input.value.trim()) { search(); }  // the agent started typing before this script arrived
}());
