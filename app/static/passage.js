/* Passage: small enhancements only. Every page works the same without this file,
   and it needs nothing a strict Content-Security-Policy forbids (script-src 'self'). */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) {
    return;
  }
  // A form sent back with a problem: start from the list of problems, so a screen
  // reader reads it first and a keyboard user is one Tab away from its links.
  summary.focus();
  // A link in the summary: put the question itself in view, not just its first box.
  summary.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    var field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) {
      return;
    }
    var fieldset = field.closest("fieldset");
    var question = fieldset ? fieldset.querySelector("legend") : document.querySelector("label[for='" + field.id + "']");
    event.preventDefault();
    (question || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
