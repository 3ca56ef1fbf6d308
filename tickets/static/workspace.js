/* The agent's workspace for one call (tickets/new.html): the caller's earlier tickets as the number is typed, a
   category picker that understands people (the server ranks: tickets.picker), the knowledge-base articles told to
   the caller kept with the ticket, and Enter that never sends the form by accident (Ctrl+Enter saves).
   Drafts and shortcuts are cct.js's. Without this script the form still works: it is a plain form. */
(function () {
  "use strict";
  var form = document.getElementById("new-ticket");
  if (!form) { return; }

  function later(func, ms) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(func, ms); };
  }

  function changed() { form.dispatchEvent(new CustomEvent("cct:draft-changed")); }

  // -- the caller: earlier tickets while the number is typed ---------------------------------------------------------

  var phone = form.querySelector("#resident_phone");
  var history = document.getElementById("caller-history");
  var asked = 0;
  var lastLooked = null;

  function lookUp() {
    var typed = phone.value.trim();
    if (typed === lastLooked) { return; }
    lastLooked = typed;
    var request = ++asked;
    fetch(form.getAttribute("data-caller-url") + "?phone=" + encodeURIComponent(typed), { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) { if (request === asked) { history.innerHTML = html; } })  // a server-rendered fragment
      .catch(function () { lastLooked = null; /* the next keystroke tries again */ });
  }
  phone.addEventListener("input", later(lookUp, 150));
  form.addEventListener("cct:draft-restored", lookUp);

  // -- the category picker (a combobox: arrows choose, Enter takes, Escape closes) -------------------------------------

  var category = form.querySelector("#category");
  var options = document.getElementById("category-options");
  var subject = form.querySelector("#subject");
  var active = -1;
  var shownFor = null;
  var latest = 0;

  function items() { return options.querySelectorAll("[role=option]"); }

  function close() {
    options.hidden = true;
    category.setAttribute("aria-expanded", "false");
    category.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var all = items();
    if (all.length) { active = window.cct.highlightOption(category, all, index); }
  }

  function take(label) {
    category.value = label;
    shownFor = label;
    close();
    var nearest = form.querySelector(".nearest");
    if (nearest) { nearest.remove(); }
    changed();
    subject.focus();
  }

  function render(found) {
    options.textContent = "";
    found.forEach(function (choice, i) {
      var item = document.createElement("li");
      item.id = "category-option-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-label", choice.label);
      item.textContent = choice.path;
      var code = document.createElement("span");
      code.className = "hint";
      code.textContent = " " + choice.code;
      item.appendChild(code);
      item.addEventListener("mousedown", function (event) { event.preventDefault(); take(choice.label); });
      options.appendChild(item);
    });
    options.hidden = !found.length;
    category.setAttribute("aria-expanded", found.length ? "true" : "false");
    active = -1;
    if (found.length) { highlight(0); }
  }

  function suggest() {
    var typed = category.value;
    if (typed === shownFor && !options.hidden) { return; }
    shownFor = typed;
    var request = ++latest;
    fetch(form.getAttribute("data-categories-url") + "?q=" + encodeURIComponent(typed), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { categories: [] }; })
      .then(function (data) { if (request === latest && document.activeElement === category) { render(data.categories); } })
      .catch(function () { /* the agent can still type the code */ });
  }

  category.addEventListener("input", later(suggest, 60));
  category.addEventListener("focus", function () { if (!category.value) { suggest(); } });
  category.addEventListener("blur", close);
  category.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (options.hidden) { shownFor = null; suggest(); } else { highlight(active + 1); }
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active - 1);
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      var all = items();
      if (!options.hidden && active >= 0 && all[active]) { take(all[active].getAttribute("data-label")); }
      else { subject.focus(); }
    } else if (event.key === "Escape" && !options.hidden) {
      event.preventDefault();
      close();
    }
  });

  form.querySelectorAll("[data-category]").forEach(function (button) {
    button.addEventListener("click", function () { take(button.getAttribute("data-category")); });
  });

  // -- Enter moves on, Ctrl+Enter saves --------------------------------------------------------------------------

  form.addEventListener("keydown", function (event) {
    var element = event.target;
    if (event.key !== "Enter" || event.defaultPrevented || element.tagName !== "INPUT") { return; }
    if (event.ctrlKey || event.metaKey) { return; }  // cct.js presses the button that says Control+Enter
    event.preventDefault();
    var fields = Array.prototype.filter.call(form.elements, function (field) {
      return field.type !== "hidden" && !field.disabled && field.offsetParent !== null;
    });
    var next = fields[fields.indexOf(element) + 1];
    if (next) { next.focus(); }
  });

  // -- what the caller was told from the knowledge base --------------------------------------------------------------

  var told = form.querySelector("#told-articles-field");
  var titles = form.querySelector("[name=told_titles]");
  var list = document.getElementById("told-articles");
  var box = form.querySelector(".told");

  function slugs() { return told.value.split(/\s+/).filter(Boolean); }

  function known() {
    try { return JSON.parse(titles.value || "{}"); } catch (error) { return {}; }
  }

  function drawTold() {
    var names = known();
    list.textContent = "";
    var all = slugs();
    if (!all.length) {
      var none = document.createElement("li");
      none.className = "hint";
      none.textContent = box.getAttribute("data-empty");
      list.appendChild(none);
    }
    all.forEach(function (slug) {
      var item = document.createElement("li");
      item.textContent = (names[slug] || slug) + " ";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link";
      remove.textContent = box.getAttribute("data-remove");
      remove.setAttribute("aria-label", box.getAttribute("data-remove") + ": " + (names[slug] || slug));
      remove.addEventListener("click", function () {
        told.value = slugs().filter(function (other) { return other !== slug; }).join("\n");
        drawTold();
        changed();
        var search = document.getElementById("kb-panel-q");
        if (search) { search.focus(); }
      });
      item.appendChild(remove);
      list.appendChild(item);
    });
  }

  document.addEventListener("kb:use", function (event) {
    event.preventDefault();  // kept with the ticket, linked when it is saved (not posted on its own)
    var names = known();
    names[event.detail.slug] = event.detail.title;
    titles.value = JSON.stringify(names);
    if (slugs().indexOf(event.detail.slug) < 0) { told.value = slugs().concat([event.detail.slug]).join("\n"); }
    drawTold();
    changed();
  });
  form.addEventListener("cct:draft-restored", drawTold);
  drawTold();
}());
