/* "Copy summary": a button added only when the browser can copy; without it the
   summary stays one block of text to select. No inline code (strict CSP). */
(function () {
  "use strict";
  var summary = document.getElementById("clinical-summary");
  if (!summary || !navigator.clipboard || !navigator.clipboard.writeText) {
    return;
  }
  var button = document.createElement("button");
  var status = document.createElement("p");
  button.type = "button";
  button.className = "button button--secondary no-print";
  button.textContent = summary.getAttribute("data-copy-label");
  status.className = "hint no-print";
  status.setAttribute("role", "status");
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(summary.innerText).then(
      function () { status.textContent = summary.getAttribute("data-copied"); },
      function () { status.textContent = summary.getAttribute("data-copy-failed"); }
    );
  });
  summary.parentNode.insertBefore(button, summary);
  summary.parentNode.insertBefore(status, summary);
})();
