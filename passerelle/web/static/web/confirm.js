// Destructive actions ask first: a plain (non-htmx) form with hx-confirm shows the question
// in a dialog and is sent with confirmed=1. Without this script the server asks on a page
// of its own (common/confirm.py), so the question is never skipped.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("hx-confirm");
  if (!question || form.hasAttribute("hx-post") || form.confirmed) return;
  if (!window.confirm(question)) {
    event.preventDefault();
    return;
  }
  var flag = form.querySelector('input[name="confirmed"]');
  if (!flag) {
    flag = document.createElement("input");
    flag.type = "hidden";
    flag.name = "confirmed";
    form.appendChild(flag);
  }
  flag.value = "1";
  form.confirmed = true;
});
