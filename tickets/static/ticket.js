/* A ticket's page: an answer template (its placeholders already filled by the server) goes into the reply at the
   caret, for the person to check before sending. Without this script the template picker stays hidden. */
(function () {
  "use strict";
  var box = document.querySelector(".reply-templates");
  var reply = document.querySelector("textarea[data-reply]");
  if (!box || !reply) { return; }
  var select = document.getElementById("reply-template");
  box.hidden = false;
  document.getElementById("reply-template-insert").addEventListener("click", function () {
    var chosen = select.options[select.selectedIndex];
    if (!chosen || !chosen.value) { select.focus(); return; }
    document.dispatchEvent(new CustomEvent("cct:insert-reply", { detail: { text: chosen.getAttribute("data-text") } }));
    select.selectedIndex = 0;
  });
}());
