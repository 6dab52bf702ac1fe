// django-import-export's export page: the "Select all" checkbox had an inline onchange handler, which the
// Content-Security-Policy blocks. Bind the package's own handler here instead.
(function () {
  "use strict";
  document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
    toggle.removeAttribute("onchange");
    if (typeof window.onSelectToggleChange === "function") {
      toggle.addEventListener("change", window.onSelectToggleChange);
    }
  });
})();
