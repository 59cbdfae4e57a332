/* Quick exit: "Leave this site quickly" and pressing Shift three times.
   Without JavaScript the link still works (a plain link to /exit). With it,
   the page is hidden at once and replaced with location.replace, so the page
   being left is not added to the browser's history. */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) { return; }
  var target = link.getAttribute("href");

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.className += " quick-exit-leaving";
    document.title = "";
    window.location.replace(target);
  }

  link.addEventListener("click", leave);

  // Shift pressed three times within a second, as GOV.UK's "Exit this page".
  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < 1000; });
    presses.push(now);
    if (presses.length >= 3) { presses = []; leave(); }
  }, true);

  // The Shift hint only where there is a keyboard: a fine pointer that hovers
  // (a computer), or as soon as a key is pressed (a tablet with a keyboard).
  var hint = document.querySelector("[data-quick-exit-hint]");
  if (hint) {
    var computer = window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches;
    if (computer) { hint.hidden = false; }
    document.addEventListener("keydown", function () { hint.hidden = false; }, { once: true, capture: true });
  }
})();
