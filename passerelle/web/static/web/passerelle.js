// Small behaviours htmx leaves to the page. The Content-Security-Policy allows no inline
// script, no inline event handler and no eval (htmx's hx-on and trigger filters need it),
// so pages ask for them with data attributes handled here.
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
  // Controls that only work with this script stay hidden without it.
  document.querySelectorAll("[data-needs-script]").forEach(function (el) { el.hidden = false; });
});
document.addEventListener("change", function (event) {
  // "Select all on this page" ticks (or unticks) every box of its form with that name.
  var all = event.target.closest("input[data-select-all]");
  if (!all) return;
  var boxes = all.form.querySelectorAll('input[type="checkbox"][name="' + all.dataset.selectAll + '"]');
  boxes.forEach(function (box) { box.checked = all.checked; });
});
document.addEventListener("htmx:afterRequest", function (event) {
  var el = event.target, detail = event.detail;
  // A form sent successfully starts empty again (a 422 keeps what was typed).
  if (el.matches("[data-reset-after-success]") && detail.xhr.status === 200) el.reset();
  // A reply to someone who left or was removed asks once: the next ones go straight out.
  if (el.matches("[data-confirm-once]") && detail.xhr.status === 200) el.removeAttribute("hx-confirm");
  // "Show older messages" goes away once it brought them ("li": its list item too).
  if (el.matches("[data-remove-after-request]")) {
    var selector = el.dataset.removeAfterRequest;
    (selector ? el.closest(selector) || el : el).remove();
  }
  // A message labelled: panels listening for "passerelle:labelled from:body" refresh.
  var path = detail.requestConfig && detail.requestConfig.path;
  if (detail.successful && path && path.indexOf("/label/") >= 0) {
    htmx.trigger(document.body, "passerelle:labelled");
  }
});
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-submit-on-change]")) event.target.form.submit();
});
document.addEventListener("click", function (event) {
  // A verified FAQ answer goes into the answer form, which records which entry it was.
  var button = event.target.closest("button[data-faq-insert]");
  if (!button) return;
  var form = button.form, used = form.querySelector(".faq-used");
  form.elements.text.value = button.dataset.answer;
  form.elements.faq_entry.value = button.dataset.entry;
  if (form.elements.faq_rank) form.elements.faq_rank.value = button.dataset.rank || "";
  used.hidden = false;
  used.textContent = used.dataset.prefix + " " + button.dataset.title;
  form.elements.text.focus();
});
// The thread list reloads every few seconds (outerHTML swap): the link a keyboard user is on
// would be replaced and focus would fall to the page body. Remember which thread had focus
// and where the list was scrolled, and put both back on the new list.
var threadsFocus = null;
document.addEventListener("htmx:beforeSwap", function (event) {
  var list = event.detail.target;
  if (!list || list.id !== "threads") return;
  var active = document.activeElement;
  var link = active && list.contains(active) ? active.closest("a[data-thread]") : null;
  threadsFocus = { thread: link ? link.dataset.thread : null, scroll: list.scrollTop };
});
document.addEventListener("htmx:afterSettle", function () {
  if (!threadsFocus) return;
  var list = document.getElementById("threads");
  var kept = threadsFocus;
  threadsFocus = null;
  if (!list) return;
  list.scrollTop = kept.scroll;
  if (kept.thread) {
    var link = list.querySelector('a[data-thread="' + kept.thread + '"]');
    if (link) link.focus({ preventScroll: true });
  }
});
