// Small behaviours htmx leaves to the page.
document.addEventListener("htmx:afterSwap", function () {
  // The poller and a reply can both bring the same new message: keep the first copy.
  var list = document.getElementById("msgs");
  if (!list) return;
  var seen = {};
  list.querySelectorAll("li.msg[id]").forEach(function (li) {
    if (seen[li.id]) li.remove(); else seen[li.id] = true;
  });
  var empty = document.getElementById("no-msgs");
  if (empty && list.querySelector("li.msg")) empty.remove();
});
document.addEventListener("DOMContentLoaded", function () {
  var list = document.getElementById("msgs");
  if (list) list.scrollTop = list.scrollHeight;
});
