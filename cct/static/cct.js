/* What every staff page shares, for people who use the keyboard all day:
   - shortcuts: any element with aria-keyshortcuts ("Alt+N", "Control+Enter") is followed, focused or pressed by its
     keys, and listed in the shortcuts dialog (Alt+/, or ? outside a text field);
   - focus: after a refused form, the first field in error; otherwise an element marked data-focus-on-load;
   - drafts: a form with data-draft-key keeps what was typed in this browser (localStorage) until the server says it
     was saved (<meta name="cct-forget-draft">), so a reload, a second tab or a failed request loses nothing;
   - cct.highlightOption: the one way a combobox's list (the category picker, the knowledge panel) marks its option.
   Every page works without this script; it only saves keys. */
window.cct = window.cct || {};

/* Mark option `index` of a combobox's listbox (wrapping around at both ends) as the one chosen, for the eye
   (aria-selected) and for screen readers (the input's aria-activedescendant); its index, or -1 when there is none. */
window.cct.highlightOption = function (input, options, index) {
  if (!options.length) { return -1; }
  var active = (index + options.length) % options.length;
  options.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
  input.setAttribute("aria-activedescendant", options[active].id);
  options[active].scrollIntoView({ block: "nearest" });
  return active;
};

(function () {
  "use strict";

  // -- shortcuts ----------------------------------------------------------------------------------------------------

  function combo(event) {
    var key = event.key;
    if (key === "Control" || key === "Alt" || key === "Shift" || key === "Meta") { return null; }
    if (event.code && /^Key[A-Z]$/.test(event.code)) { key = event.code.slice(3); }  // Alt+N is "ń" on a Polish layout
    else if (event.code === "Slash") { key = "/"; }
    else if (key.length === 1) { key = key.toUpperCase(); }
    var parts = [];
    if (event.ctrlKey || event.metaKey) { parts.push("Control"); }
    if (event.altKey) { parts.push("Alt"); }
    if (event.shiftKey && key.length > 1) { parts.push("Shift"); }
    parts.push(key);
    return parts.join("+");
  }

  function typing(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  function target(keys) {
    // the page's own element wins over the menu's (Alt+N on the console opens the ticket for the caller on the line)
    var found = Array.prototype.filter.call(document.querySelectorAll("[aria-keyshortcuts]"), function (element) {
      return element.getAttribute("aria-keyshortcuts").split(" ").indexOf(keys) >= 0 && !element.closest("[hidden]");
    });
    var own = found.filter(function (element) { return element.closest("main"); });
    return own[0] || found[0] || null;
  }

  function follow(element) {
    var details = element.closest("details");
    if (details) { details.open = true; }
    if (typing(element)) { element.focus(); if (element.select && element.type !== "email") { element.select(); } }
    else { element.click(); }
  }

  function shown(keys) { return keys.replace("Control", "Ctrl"); }

  function describe(element) {
    if (element.getAttribute("aria-label")) { return element.getAttribute("aria-label"); }
    if (element.labels && element.labels.length) { return element.labels[0].textContent.trim(); }
    return element.textContent.trim();
  }

  var dialog = document.getElementById("shortcuts");
  var opener = document.getElementById("shortcuts-open");

  function openShortcuts() {
    if (!dialog || dialog.open) { return; }
    var list = document.getElementById("shortcuts-list");
    list.textContent = "";
    document.querySelectorAll("[aria-keyshortcuts]").forEach(function (element) {
      if (element === opener || element.closest("[hidden]")) { return; }
      element.getAttribute("aria-keyshortcuts").split(" ").forEach(function (keys) {
        var term = document.createElement("dt");
        var kbd = document.createElement("kbd");
        kbd.textContent = shown(keys);
        term.appendChild(kbd);
        var what = document.createElement("dd");
        what.textContent = describe(element);
        list.appendChild(term);
        list.appendChild(what);
      });
    });
    dialog.showModal();
  }

  if (opener && dialog) {
    opener.hidden = false;
    opener.addEventListener("click", openShortcuts);
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || (dialog && dialog.open)) { return; }
    if (event.key === "?" && !typing(event.target) && !event.ctrlKey && !event.altKey) {
      event.preventDefault();
      openShortcuts();
      return;
    }
    var keys = combo(event);
    if (!keys || (keys.indexOf("+") < 0 && typing(event.target))) { return; }
    if (keys === "Alt+/") { event.preventDefault(); openShortcuts(); return; }
    var element = target(keys);
    if (element) { event.preventDefault(); follow(element); }
  });

  // -- drafts -------------------------------------------------------------------------------------------------------

  var SKIPPED = { csrf_token: true, draft_key: true, call_sid: true };
  var signingOut = false;  // from then on no draft is written (the page's last "pagehide" would write one back)

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }  // private windows may refuse it
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name && !SKIPPED[element.name] && element.type !== "submit" && element.type !== "button" && element.type !== "file";
    });
  }

  function snapshot(form) {
    var values = {};
    fields(form).forEach(function (element) {
      values[element.name] = element.type === "checkbox" ? element.checked : element.value;
    });
    return values;
  }

  function blank(values) {
    return !Object.keys(values).some(function (name) { return values[name] !== "" && values[name] !== false; });
  }

  function keepDrafts(form) {
    var store = storage();
    var key = form.getAttribute("data-draft-key");
    if (!store || !key) { return; }
    var status = form.querySelector("[data-draft-status]");
    var restart = form.querySelector("[data-draft-restart]");
    var timer = null;

    var sent = false;  // the form went to the server: the page that answers decides (it forgets a saved draft)

    function save() {
      if (signingOut || sent) { return; }
      var values = snapshot(form);
      if (blank(values)) { store.removeItem(key); return; }
      store.setItem(key, JSON.stringify({ at: new Date().toISOString(), values: values }));
    }

    var kept = null;
    try { kept = JSON.parse(store.getItem(key) || "null"); } catch (error) { kept = null; }
    var refused = form.querySelector("[aria-invalid=true]") !== null;  // the server's answer holds what was sent
    if (kept && kept.values && !refused) {
      var restored = false;
      fields(form).forEach(function (element) {
        if (!(element.name in kept.values)) { return; }
        var value = kept.values[element.name];
        if (element.type === "checkbox") {
          if (value && !element.checked) { element.checked = true; restored = true; }
        } else if (element.value === "" && value !== "") {
          element.value = value;
          restored = true;
        }
      });
      if (restored) {
        form.dispatchEvent(new CustomEvent("cct:draft-restored", { bubbles: true }));
        if (status) {
          var at = new Date(kept.at);
          status.textContent = status.getAttribute("data-restored") + " " + at.toLocaleTimeString("pl-PL", { hour: "2-digit", minute: "2-digit" });
        }
        if (restart) { restart.hidden = false; }
      }
    }
    if (restart) {
      restart.addEventListener("click", function () {
        store.removeItem(key);
        fields(form).forEach(function (element) {
          if (element.type === "checkbox") { element.checked = false; }
          else if (element.tagName === "SELECT") { element.selectedIndex = 0; }
          else { element.value = ""; }
        });
        form.dispatchEvent(new CustomEvent("cct:draft-restored", { bubbles: true }));
        if (status) { status.textContent = status.getAttribute("data-cleared"); }
        restart.hidden = true;
        var first = fields(form).filter(function (element) { return element.type !== "hidden"; })[0];
        if (first) { first.focus(); }
      });
    }
    function later() { sent = false; clearTimeout(timer); timer = setTimeout(save, 250); }
    // Sending keeps what was typed, then writes nothing more from this page: its "pagehide" may come after the next
    // page (in another renderer process) has already forgotten the saved draft, and would write it back.
    form.addEventListener("submit", function () { clearTimeout(timer); save(); sent = true; });
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("cct:draft-changed", save);  // a script changed a hidden field
    window.addEventListener("pagehide", save);
    save();
  }

  // signing out forgets every draft of this browser: what a caller said stays on a shared desk no longer than that
  document.querySelectorAll("form[data-forget-drafts]").forEach(function (form) {
    form.addEventListener("submit", function () {
      signingOut = true;
      var store = storage();
      if (!store) { return; }
      Object.keys(store).filter(function (key) { return key.indexOf("cct-draft:") === 0; })
        .forEach(function (key) { store.removeItem(key); });
    });
  });

  var forget = document.querySelector("meta[name=cct-forget-draft]");
  if (forget && storage()) { storage().removeItem(forget.getAttribute("content")); }
  document.querySelectorAll("form[data-draft-key]").forEach(keepDrafts);

  // -- a text into the reply being written (an article's answer, a template) --------------------------------------

  document.addEventListener("cct:insert-reply", function (event) {
    var reply = document.querySelector("textarea[data-reply]");
    if (!reply) { return; }
    var at = reply.selectionStart || reply.value.length;
    var before = reply.value.slice(0, at);
    reply.value = before + (before && !/\n$/.test(before) ? "\n\n" : "") + event.detail.text + reply.value.slice(at);
    reply.focus();
  });

  // -- focus --------------------------------------------------------------------------------------------------------

  var invalid = document.querySelector("main [aria-invalid=true]");
  var marked = document.querySelector("[data-focus-on-load]");
  var first = invalid || marked;
  if (first) {
    var details = first.closest("details");
    if (details) { details.open = true; }
    first.focus();
  }
}());
