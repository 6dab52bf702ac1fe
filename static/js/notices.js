// The unread count on 通知 in the top bar (issue 13): asked for after the page loads, so pages pay no query for it.
(function () {
  "use strict";
  var badge = document.getElementById("nav-unread");
  if (!badge || !window.fetch) { return; }
  fetch(badge.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.ok ? response.json() : { unread: 0 }; })
    .then(function (data) {
      var n = data.unread || 0;
      badge.textContent = n > 99 ? "99+" : String(n);
      badge.setAttribute("aria-label", n + " " + badge.dataset.label);
      badge.hidden = n === 0;
    })
    .catch(function () { badge.hidden = true; });
})();
