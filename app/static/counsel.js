// Counselor workspace: warn shortly before the server ends an idle session.
// The page works without it; the note under the menu says the same in words.
(function () {
  var note = document.getElementById("idle-warning");
  if (!note) return;
  var after = parseInt(note.getAttribute("data-warn-after"), 10);
  if (!(after > 0)) return;
  window.setTimeout(function () {
    var warning = document.getElementById("idle-warning-now");
    if (warning) { warning.hidden = false; }
  }, after * 1000);
})();
