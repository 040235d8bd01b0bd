// The inbox page (conversations/inbox.html): nothing arrives unseen.
// - At the bottom of the open conversation, a new message keeps the view on the newest;
//   read further up, the view stays put and a "New messages ↓" marker counts them.
// - The tab title counts what waits: unread messages of the other conversations (their
//   badges in the list) and the open conversation's messages not yet seen.
// - A search result opens its thread at the message found (data-hit), in view.
(function () {
  var list = document.getElementById("msgs");
  var marker = document.getElementById("new-marker");
  var baseTitle = document.title;
  var unseen = 0, pinned = true, before = 0, counted = null;

  function atBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  }
  function toBottom() {
    list.scrollTop = list.scrollHeight;
    // On a phone the list may sit below the fold: bring the newest message on screen.
    var last = list.querySelector("li.msg:last-of-type");
    if (last) last.scrollIntoView({block: "nearest"});
    unseen = 0;
    update();
  }
  function update() {
    if (marker) {
      marker.hidden = unseen === 0;
      document.getElementById("new-count").textContent = unseen;
    }
    var total = unseen;
    document.querySelectorAll("#threads .badge[data-unread]").forEach(function (b) {
      total += parseInt(b.dataset.unread, 10) || 0;
    });
    document.title = total ? "(" + total + ") " + baseTitle : baseTitle;
  }
  function fromPoller(event) {
    var path = event.detail.requestConfig && event.detail.requestConfig.path;
    return path && /\/threads\/\d+\/new\//.test(path);
  }

  function showHit() {
    var hit = list && list.dataset.hit && document.getElementById(list.dataset.hit);
    // Centred in the list and on the screen (the link's #msg- anchor alone would put it
    // under the top edge, and the list's own scroll at its end).
    if (hit) hit.scrollIntoView({block: "center"});
  }
  // j / k, or Alt+↓ / Alt+↑, open the next / previous conversation of the list (never
  // while typing: the reply box, the search and every field keep their keys).
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var step = 0;
    if ((!e.altKey && e.key === "j") || (e.altKey && e.key === "ArrowDown")) step = 1;
    if ((!e.altKey && e.key === "k") || (e.altKey && e.key === "ArrowUp")) step = -1;
    if (!step) return;
    var links = Array.prototype.slice.call(document.querySelectorAll("#threads a[data-thread]"));
    var at = links.findIndex(function (a) { return a.getAttribute("aria-current") === "true"; });
    var next = links[at < 0 ? 0 : at + step];
    if (next && next !== links[at]) { e.preventDefault(); next.click(); }
  });
  document.addEventListener("DOMContentLoaded", function () { showHit(); update(); });
  // Once more after the browser's own jump to the anchor, which comes with the load.
  window.addEventListener("load", showHit);
  if (!list) { document.addEventListener("htmx:afterSwap", update); return; }

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!fromPoller(event)) return;
    pinned = atBottom() && !document.hidden;
    before = list.querySelectorAll("li.msg").length;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    // htmx fires afterSwap once per element swapped in: count each answer once.
    if (fromPoller(event) && event.detail.target === list && counted !== event.detail.xhr) {
      counted = event.detail.xhr;
      // Counted after passerelle.js dropped copies a reply had already brought.
      var arrived = list.querySelectorAll("li.msg").length - before;
      if (pinned) list.scrollTop = list.scrollHeight;
      else unseen += arrived;
    }
    update();
  });
  list.addEventListener("scroll", function () {
    if (unseen && atBottom() && !document.hidden) { unseen = 0; update(); }
  });
  document.addEventListener("visibilitychange", function () {
    // Back on the tab at the bottom: what came meanwhile is in view now.
    if (!document.hidden && atBottom()) { unseen = 0; update(); }
  });
  if (marker) marker.addEventListener("click", toBottom);
})();
