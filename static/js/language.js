// Language switch in the top bar (templates/base.html): submits the set_language form as soon as
// another language is chosen, so the button is only needed without JavaScript. No inline script (CSP).
(function () {
  "use strict";
  var form = document.getElementById("language-form");
  if (!form) { return; }
  var select = form.querySelector("select[name=language]");
  var button = form.querySelector("[type=submit]");
  if (button) { button.hidden = true; button.style.display = "none"; }
  select.addEventListener("change", function () { form.submit(); });
}());
