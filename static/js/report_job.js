// Progress of a report being generated (/reports/jobs/<id>/): polls the JSON status every 2 s
// and shows the download link when done. No inline script (CSP: scripts only from 'self').
(function () {
  "use strict";
  var box = document.getElementById("report-job");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var part = function (role) { return box.querySelector('[data-role="' + role + '"]'); };
  var finished = function (status) { return status === "done" || status === "failed"; };

  function show(data) {
    var status = part("status");
    status.textContent = data.status_label;
    status.className = "status status-" + data.status;
    part("progress").value = data.progress;
    part("percent").textContent = data.progress + "%";
    part("as-of").textContent = data.as_of || "—";
    part("error").textContent = data.error || "";
    part("error").hidden = !data.error;
    part("download").hidden = data.status !== "done";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        show(data);
        if (!finished(data.status)) { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  if (!finished(box.getAttribute("data-status"))) { poll(); }
})();
