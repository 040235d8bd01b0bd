// The inbox composer: saved replies ("/" or the picker), Ctrl+Enter sends, a draft kept per
// conversation in this browser (localStorage). Saved replies arrive with their placeholders
// already filled in by the server, so what is inserted is what will be sent.
(function () {
  "use strict";
  var SLASH = /(^|\s)\/([^\s\/]*)$/;

  function box() { return document.getElementById("reply-text"); }
  function menu() { return document.getElementById("saved-reply-menu"); }
  function options() {
    var m = menu();
    return m ? Array.prototype.slice.call(m.querySelectorAll("[data-saved-reply]")) : [];
  }
  function shown() {
    return options().filter(function (o) { return !o.hidden; });
  }

  function slashQuery(text) {
    var before = text.value.slice(0, text.selectionStart);
    var match = SLASH.exec(before);
    return match ? match[2].toLowerCase() : null;
  }

  function close() {
    var m = menu();
    if (!m) return;
    m.hidden = true;
    options().forEach(function (o) { o.removeAttribute("aria-selected"); });
  }

  function open(query) {
    var m = menu(), first = null;
    options().forEach(function (o) {
      o.hidden = o.dataset.title.indexOf(query) < 0;
      o.removeAttribute("aria-selected");
      if (!o.hidden && !first) first = o;
    });
    if (!first) return close();
    first.setAttribute("aria-selected", "true");
    m.hidden = false;
  }

  function saveDraft(text) {
    try {
      if (text.value) localStorage.setItem(text.dataset.draftKey, text.value);
      else localStorage.removeItem(text.dataset.draftKey);
    } catch (e) { /* storage full or refused: the draft is only a convenience */ }
  }

  function insert(value, replaceSlash) {
    var text = box(), start = text.selectionStart, end = text.selectionEnd;
    var before = text.value.slice(0, start);
    if (replaceSlash) {
      var match = SLASH.exec(before);
      if (match) before = before.slice(0, before.length - match[0].length + match[1].length);
    }
    text.value = before + value + text.value.slice(end);
    var caret = (before + value).length;
    text.focus();
    text.setSelectionRange(caret, caret);
    close();
    saveDraft(text);
  }

  function offer(text) {
    var query = slashQuery(text);
    if (query === null || !menu()) close(); else open(query);
  }

  // The saved replies come once, when the box is first used (the page reads nothing more).
  var loading = false;
  function load() {
    var holder = document.getElementById("saved-replies");
    if (loading || !holder || !holder.dataset.savedRepliesUrl) return;
    loading = true;
    fetch(holder.dataset.savedRepliesUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        holder.innerHTML = html;
        if (document.activeElement === box()) offer(box());  // a "/" typed while it came
      })
      .catch(function () { loading = false; });
  }
  document.addEventListener("focusin", function (event) {
    if (event.target.id === "reply-text") load();
  });

  document.addEventListener("input", function (event) {
    var text = event.target;
    if (text.id !== "reply-text") return;
    saveDraft(text);
    offer(text);
  });

  document.addEventListener("keydown", function (event) {
    var text = event.target;
    if (text.id !== "reply-text") return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      close();
      text.form.requestSubmit();
      return;
    }
    var m = menu();
    if (!m || m.hidden) return;
    var list = shown(), at = list.findIndex(function (o) { return o.hasAttribute("aria-selected"); });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var next = (at + (event.key === "ArrowDown" ? 1 : list.length - 1)) % list.length;
      list.forEach(function (o) { o.removeAttribute("aria-selected"); });
      list[next].setAttribute("aria-selected", "true");
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      insert(list[Math.max(at, 0)].dataset.savedReply, true);
    } else if (event.key === "Escape") {
      close();
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-saved-reply]");
    if (option) insert(option.dataset.savedReply, true);
  });

  document.addEventListener("change", function (event) {
    var pick = event.target;
    if (!pick.matches("select[data-saved-reply-pick]") || !pick.value) return;
    insert(pick.value, false);
    pick.value = "";
  });

  document.addEventListener("DOMContentLoaded", function () {
    var text = box();
    if (!text || !text.dataset.draftKey) return;
    try {
      var draft = localStorage.getItem(text.dataset.draftKey);
      if (draft && !text.value) text.value = draft;
    } catch (e) { /* no storage: no draft */ }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (form.id !== "reply-form" || event.detail.xhr.status !== 200) return;
    // Sent: the draft is gone, and the next reply answers no group post unless asked again.
    try { localStorage.removeItem(box().dataset.draftKey); } catch (e) { /* nothing kept */ }
    var quote = document.getElementById("reply-quote");
    if (quote) quote.remove();
  });
})();
