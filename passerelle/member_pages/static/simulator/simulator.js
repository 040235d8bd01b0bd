// The simulator page (simulator/page.html): settings come from #sim-config's data
// attributes, so the page has no inline script and runs under the site's CSP.
(function () {
  var config = document.getElementById("sim-config").dataset;
  var base = config.base;
  var webhook = config.webhook;
  var csrf = config.csrf;
  var key = config.key;
  var me = JSON.parse(localStorage.getItem(key) || "null");
  var lastId = 0;
  var labels = {group: config.labelGroup, private: config.labelPrivate};
  function rand() { return Math.random().toString(16).slice(2, 10); }
  function show() {
    document.getElementById("sim-identity").textContent = me ? (me.name + " · " + me.language + " · " + me.id) : "";
    if (me) { document.getElementById("sim-name").value = me.name; document.getElementById("sim-lang").value = me.language; document.getElementById("sim-style").value = me.style; }
  }
  function render(m) {
    var li = document.createElement("li");
    li.className = "msg " + (m.mine ? "out" : "in");
    li.dataset.id = m.id;
    var meta = document.createElement("div"); meta.className = "meta";
    meta.textContent = labels[m.chat] + " · " + (m.author || "") + " · " + new Date(m.at).toLocaleString();
    var text = document.createElement("div"); text.className = "text"; text.dir = "auto"; text.textContent = m.text;
    li.appendChild(meta); if (m.text) li.appendChild(text);
    window.PasserelleMedia.render(m, li, config);
    document.getElementById("sim-msgs").appendChild(li);
  }
  function poll() {
    var url = base + "feed/?after=" + lastId + (me ? "&as=" + encodeURIComponent(me.id) : "");
    return fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      // In time order (the feed's); every one is newer than lastId, the largest id seen.
      data.messages.forEach(function (m) { render(m); lastId = Math.max(lastId, m.id); });
      var list = document.getElementById("sim-msgs"); list.scrollTop = list.scrollHeight;
    }).catch(function () {});
  }
  function post(chat, text, type, stored) {
    var err = document.getElementById("sim-error"); err.textContent = "";
    var payload = {sender: {id: me.id, name: me.name, language: me.language}, chat: chat, text: text, type: type || "message"};
    if (stored) payload.file = stored.file;
    return fetch(base + "sign/", {method: "POST", headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(payload)})
      .then(function (r) { return r.json().then(function (d) { if (!r.ok) throw new Error(d.error); return d; }); })
      .then(function (signed) {
        // Exactly what a platform does: POST the signed body to the public webhook.
        return fetch(webhook, {method: "POST", headers: {"Content-Type": "application/json", "X-Passerelle-Signature": signed.signature}, body: signed.body});
      })
      .then(function (r) { if (!r.ok) throw new Error("webhook answered " + r.status); poll(); return true; })
      .catch(function (e) { err.textContent = e.message; return false; });
  }
  var files = window.PasserelleMedia.attach({
    prefix: "sim", config: config, uploadUrl: config.upload, csrf: csrf,
    text: document.getElementById("sim-text"),
    fields: function () { return {as: me ? me.id : ""}; },
    onError: function (message) { document.getElementById("sim-error").textContent = message; }
  });
  document.getElementById("who").addEventListener("submit", function (e) {
    e.preventDefault();
    var style = document.getElementById("sim-style").value;
    var keep = me && me.style === style;
    me = {id: keep ? me.id : style + "-" + rand(), name: document.getElementById("sim-name").value.trim(),
          language: document.getElementById("sim-lang").value, style: style};
    localStorage.setItem(key, JSON.stringify(me));
    document.getElementById("sim-msgs").innerHTML = ""; lastId = 0; show(); poll();
  });
  document.getElementById("sim-new").addEventListener("click", function () {
    localStorage.removeItem(key); me = null; document.getElementById("sim-name").value = ""; show();
    document.getElementById("sim-msgs").innerHTML = ""; lastId = 0; poll();
  });
  document.getElementById("sim-send").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = document.getElementById("sim-text").value;
    if (!me) { document.getElementById("sim-error").textContent = config.needIdentity; return; }
    var chat = (e.submitter && e.submitter.value) || "group";
    // A file is stored first (as the played newcomer), then signed into the envelope.
    files.upload().then(function (stored) {
      return post(chat, text, "message", stored).then(function (sent) {
        if (sent) { document.getElementById("sim-text").value = ""; files.clear(); }
      });
    }).catch(function (e2) { document.getElementById("sim-error").textContent = e2.message; });
  });
  // What a platform sends when someone asks to join or leaves the group on the app.
  document.getElementById("sim-join").addEventListener("click", function () {
    if (!me) { document.getElementById("sim-error").textContent = config.needIdentity; return; }
    post("private", "", "join_request");
  });
  document.getElementById("sim-leave").addEventListener("click", function () {
    if (!me) { document.getElementById("sim-error").textContent = config.needIdentity; return; }
    post("group", "", "leave");
  });
  show(); poll(); setInterval(poll, 1500);
})();
