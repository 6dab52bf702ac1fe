/* Wide tables on a narrow screen (a phone, 390 px): a table wider than its box scrolls sideways inside its
 * .table-wrap; this marks such boxes (class "scrolls": a shadow on the cut edge) and puts a visible hint above
 * them, in the page's language (the text comes from <body data-scroll-hint>). Checked again on resize and
 * after the page's charts and fonts settle. No inline script: the site's CSP allows scripts from 'self' only.
 */
(function () {
  "use strict";

  function mark() {
    var text = document.body.getAttribute("data-scroll-hint") || "";
    document.querySelectorAll(".table-wrap").forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      var hint = box.previousElementSibling;
      var hasHint = hint && hint.classList.contains("scroll-hint");
      box.classList.toggle("scrolls", wide);
      if (wide && !hasHint && text) {
        hint = document.createElement("p");
        hint.className = "scroll-hint no-print";
        hint.textContent = text;
        box.parentNode.insertBefore(hint, box);
      } else if (!wide && hasHint) {
        hint.remove();
      }
    });
  }

  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(mark, 150);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("load", mark);
  window.addEventListener("resize", later);
})();
