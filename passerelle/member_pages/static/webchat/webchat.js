// The web chat page (webchat/page.html): settings come from #wc-config's data attributes,
// so the page has no inline script and runs under the site's Content-Security-Policy.
(function () {
  var config = document.getElementById("wc-config").dataset;
  var visitor = config.visitor, token = config.token, webhook = config.webhook;
  var feedUrl = config.feed;
  var key = config.key;
  var me = JSON.parse(localStorage.getItem(key) || "null");
  var lastId = 0, seq = 0, shown = {}, stick = false;
  var labels = {group: config.labelGroup, private: config.labelPrivate};
  function who() {
    document.getElementById("wc-who-box").hidden = !!me;
  }
  function render(m) {
    var li = document.createElement("li"); li.className = "msg " + (m.mine ? "out" : "in");
    var meta = document.createElement("div"); meta.className = "meta";
    meta.textContent = labels[m.chat] + " · " + (m.author || "") + " · " + new Date(m.at).toLocaleString();
    var text = document.createElement("div"); text.className = "text"; text.dir = "auto"; text.textContent = m.text;
    li.appendChild(meta); if (m.text) li.appendChild(text);
    window.PasserelleMedia.render(m, li, config);
    if (m.chat === "group" && m.direction === "in" && !m.mine) {
      // Reporting goes to the moderators only; the group never sees who reported.
      var report = document.createElement("button");
      report.type = "button"; report.className = "secondary wc-report";
      report.textContent = config.report;
      report.addEventListener("click", function () { sendReport(m.id, report); });
      li.appendChild(report);
    }
    document.getElementById("wc-msgs").appendChild(li);
  }
  function showStatus(d) {
    // Outside the group, the page says why and shows the way in (the same join path as
    // on Telegram: questions, guidelines, then approval).
    var box = document.getElementById("wc-status");
    var text = d.in_group ? "" : (config["status" + d.membership.charAt(0).toUpperCase() + d.membership.slice(1)] || "");
    box.textContent = text; box.hidden = !text;
  }
  function atBottom(list) {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  }
  function online(yes) {
    document.dispatchEvent(new CustomEvent("webchat:online", {detail: yes}));
  }
  function poll() {
    return fetch(feedUrl + "?after=" + lastId).then(function (r) { return r.json(); }).then(function (d) {
      // The service worker answers {offline: true} when the network does not.
      online(!d.offline);
      if (d.membership) showStatus(d);
      var list = document.getElementById("wc-msgs"), first = lastId === 0;
      var follow = first || stick || atBottom(list);
      // The feed comes in time order; ids only say what is new since the last poll.
      d.messages.forEach(function (m) {
        if (!shown[m.id]) { shown[m.id] = true; render(m); }
        if (m.id > lastId) lastId = m.id;
      });
      // The page opens at the newest message and follows new ones while the member reads
      // the bottom; their own message, just sent, is always brought into view.
      if (follow && d.messages.length) list.scrollTop = list.scrollHeight;
      stick = false;
    }).catch(function () { online(false); });
  }
  function showRules() {
    var blocks = document.querySelectorAll(".wc-rules-text"), lang = me && me.language, found = false;
    blocks.forEach(function (b) { b.hidden = b.dataset.lang !== lang; found = found || !b.hidden; });
    if (!found && blocks.length) blocks[0].hidden = false;
  }
  function sendReport(messageId, button) {
    var err = document.getElementById("wc-error"); err.textContent = "";
    if (!me) { err.textContent = config.needName; return; }
    var id = "wc-" + visitor + "-" + Date.now().toString(36) + "-" + (seq++);
    var body = JSON.stringify({event_id: id, type: "report", message: String(messageId), chat: "group",
      sender: {id: visitor, name: me.name, language: me.language}, timestamp: Math.floor(Date.now() / 1000)});
    fetch(webhook, {method: "POST", headers: {"Content-Type": "application/json", "X-Passerelle-Webchat-Token": token}, body: body})
      .then(function (r) { if (!r.ok) throw new Error(config.sendFailed); button.disabled = true; poll(); })
      .catch(function (e2) { err.textContent = e2.message; });
  }
  document.getElementById("wc-who").addEventListener("submit", function (e) {
    e.preventDefault();
    me = {name: document.getElementById("wc-name").value.trim(), language: document.getElementById("wc-lang").value};
    localStorage.setItem(key, JSON.stringify(me)); who(); showRules();
  });
  var files = window.PasserelleMedia.attach({
    prefix: "wc", config: config, uploadUrl: config.upload, csrf: config.csrf,
    text: document.getElementById("wc-text"),
    onError: function (message) { document.getElementById("wc-error").textContent = message; }
  });
  document.getElementById("wc-send").addEventListener("submit", function (e) {
    e.preventDefault();
    var err = document.getElementById("wc-error"); err.textContent = "";
    if (!me) { err.textContent = config.needName; return; }
    var chat = (e.submitter && e.submitter.value) || "group";
    // A file is stored first; the message that carries it takes the webhook like a text.
    files.upload().then(function (stored) {
      var id = "wc-" + visitor + "-" + Date.now().toString(36) + "-" + (seq++);
      var envelope = {event_id: id, message_id: id, type: "message",
        chat: chat, text: document.getElementById("wc-text").value,
        sender: {id: visitor, name: me.name, language: me.language}, timestamp: Math.floor(Date.now() / 1000)};
      if (stored) { envelope.media = stored.media; envelope.file = stored.file; envelope.file_name = stored.file_name; }
      return fetch(webhook, {method: "POST", headers: {"Content-Type": "application/json", "X-Passerelle-Webchat-Token": token}, body: JSON.stringify(envelope)})
        .then(function (r) {
          if (!r.ok) throw new Error(stored ? config.uploadFailed : config.sendFailed);
          document.getElementById("wc-text").value = ""; files.clear(); stick = true; poll();
          document.dispatchEvent(new CustomEvent("webchat:sent"));
        });
    }).catch(function (e2) { err.textContent = e2.message; });
  });
  who(); showRules(); poll(); setInterval(poll, 2000);
})();
