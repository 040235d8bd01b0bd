// Promote page, poster and the inbox's activity prompt: copy a text to the clipboard, print.
// No inline script (Content-Security-Policy): buttons say what they do with data attributes.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy-target]");
  if (button) {
    var source = document.getElementById(button.dataset.copyTarget);
    if (!source) return;
    var text = source.innerText.trim();
    var done = function () {
      var label = button.textContent;
      button.textContent = button.dataset.copied || label;
      button.setAttribute("data-copied-done", "");
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(source, done); });
    } else {
      fallback(source, done);
    }
    return;
  }
  if (event.target.closest("button[data-print]")) window.print();
});
// Plain http (a test server, an intranet): select the text and let the browser copy it.
function fallback(source, done) {
  var range = document.createRange();
  range.selectNodeContents(source);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  try { if (document.execCommand("copy")) done(); } catch (e) { /* selected: Ctrl+C works */ }
}
