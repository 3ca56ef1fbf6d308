/* The supervisors' live board asks the server for its counts every few seconds (short polling) and redraws them;
   the page works without it (reload it). A failed request keeps the last counts and tries again. */
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) { return; }
  var url = board.getAttribute("data-url");
  var every = parseInt(board.getAttribute("data-every-ms"), 10) || 5000;
  var updated = document.getElementById("board-updated");

  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.text(); })
      .then(function (html) {
        var focused = document.activeElement && board.contains(document.activeElement) ? document.activeElement.getAttribute("href") : null;
        board.innerHTML = html;  // a server-rendered fragment
        if (focused) {
          var again = board.querySelector('a[href="' + focused + '"]');
          if (again) { again.focus(); }
        }
        updated.textContent = updated.getAttribute("data-text") + " " + new Date().toLocaleTimeString("pl-PL");
      })
      .catch(function () { /* the next round tries again */ })
      .then(function () { setTimeout(refresh, every); });
  }
  setTimeout(refresh, every);
}());
