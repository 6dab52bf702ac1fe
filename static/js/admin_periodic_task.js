// django-celery-beat's periodic-task form: show the chosen crontab in words under the field.
// Was an inline script in the package's template (templates/admin/djcelery/change_periodictask_form.html).
(function () {
  "use strict";
  var script = document.getElementById("periodic-task-overrides");
  var data = document.getElementById("readable-crontabs");
  if (!script || !data || !window.django || !window.django.jQuery) {
    return;
  }
  var $ = window.django.jQuery;
  var readableCrontabs = JSON.parse(data.textContent);
  var originalCrontabHelp = script.getAttribute("data-crontab-help") || "";
  var updateCrontabHelp = function (additional) {
    var help = $(".field-crontab .help");
    help.text(originalCrontabHelp);
    help.append(document.createElement("br"));
    help.append(document.createTextNode("Translation: " + (additional || "")));
  };
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    updateCrontabHelp(readableCrontabs[$("#id_crontab").val()]);
  });
})();
