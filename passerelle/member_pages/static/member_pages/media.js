// Files on the member pages (simulator, web chat): attach a photo, document or sound, or
// record a voice note (MediaRecorder). The file is uploaded to the page's own endpoint,
// which answers a token; the page then sends its usual envelope naming that token, through
// the same webhook as a text. No inline script, no blob: URL (the site's CSP allows neither).
(function () {
  var VOICE_TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];

  function byId(id) { return document.getElementById(id); }

  function clock(seconds) {
    var s = Math.floor(seconds);
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }

  // opts: prefix ("wc" / "sim"), config (a dataset), uploadUrl, csrf, fields() → extra
  // form fields, onError(message), text (the textarea, optional once a file is attached).
  function attach(opts) {
    var p = opts.prefix, config = opts.config;
    var input = byId(p + "-file"), pickBtn = byId(p + "-attach"), recordBtn = byId(p + "-record");
    var recBox = byId(p + "-recording"), recTime = byId(p + "-rec-time");
    var ready = byId(p + "-attached"), readyName = byId(p + "-attached-name");
    var pending = null, recorder = null, stream = null, chunks = [], started = 0, timer = null, keep = false;

    function show() {
      ready.hidden = !pending;
      readyName.textContent = pending ? pending.label : "";
      if (opts.text) opts.text.required = !pending;
    }
    function clear() { pending = null; input.value = ""; show(); }

    pickBtn.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (file) { pending = {blob: file, name: file.name, kind: "", label: file.name}; show(); }
    });
    byId(p + "-attached-remove").addEventListener("click", clear);

    function stopStream() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null; clearInterval(timer);
      recBox.hidden = true; recordBtn.hidden = false;
    }
    recordBtn.addEventListener("click", function () {
      opts.onError("");
      if (!navigator.mediaDevices || !window.MediaRecorder) { opts.onError(config.recordUnsupported); return; }
      navigator.mediaDevices.getUserMedia({audio: true}).then(function (s) {
        stream = s; chunks = []; keep = false;
        var type = VOICE_TYPES.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0];
        recorder = type ? new MediaRecorder(s, {mimeType: type}) : new MediaRecorder(s);
        recorder.addEventListener("dataavailable", function (e) { if (e.data && e.data.size) chunks.push(e.data); });
        recorder.addEventListener("stop", function () {
          var seconds = (Date.now() - started) / 1000;
          stopStream();
          if (!keep || !chunks.length) return;
          var mime = (recorder.mimeType || type || "audio/webm").split(";")[0];
          var ext = mime.indexOf("ogg") >= 0 ? "ogg" : mime.indexOf("mp4") >= 0 ? "m4a" : "webm";
          pending = {blob: new Blob(chunks, {type: mime}), name: "voice-note." + ext, kind: "voice",
                     label: config.voiceNote + " (" + clock(seconds) + ")"};
          show();
        });
        started = Date.now(); recTime.textContent = clock(0);
        timer = setInterval(function () { recTime.textContent = clock((Date.now() - started) / 1000); }, 250);
        recBox.hidden = false; recordBtn.hidden = true;
        recorder.start();
      }).catch(function () { opts.onError(config.recordRefused); });
    });
    byId(p + "-rec-stop").addEventListener("click", function () { keep = true; if (recorder) recorder.stop(); });
    byId(p + "-rec-cancel").addEventListener("click", function () { keep = false; if (recorder) recorder.stop(); });

    return {
      pending: function () { return pending; },
      clear: clear,
      // Uploads the attached file: resolves to {file, media, file_name}, or null when none.
      upload: function () {
        if (!pending) return Promise.resolve(null);
        var form = new FormData(), extra = opts.fields ? opts.fields() : {};
        form.append("file", pending.blob, pending.name);
        form.append("kind", pending.kind);
        Object.keys(extra).forEach(function (k) { form.append(k, extra[k]); });
        return fetch(opts.uploadUrl, {method: "POST", headers: {"X-CSRFToken": opts.csrf}, body: form})
          .then(function (r) {
            return r.json().catch(function () { return {}; }).then(function (d) {
              if (!r.ok) throw new Error(d.error || config.uploadFailed);
              return d;
            });
          });
      }
    };
  }

  // A member's own file in their conversation: a player, a thumbnail or a link. Others'
  // files show their kind only (the page serves a file to its sender alone).
  function render(m, li, config) {
    if (m.media) {
      var box = document.createElement("div"); box.className = "media";
      if (m.media.kind === "voice" || m.media.kind === "audio") {
        var audio = document.createElement("audio");
        audio.controls = true; audio.preload = "metadata"; audio.src = m.media.url;
        audio.setAttribute("aria-label", config.voiceNote);
        box.appendChild(audio);
      } else if (m.media.kind === "photo") {
        var link = document.createElement("a"); link.href = m.media.url; link.target = "_blank"; link.rel = "noopener";
        var img = document.createElement("img"); img.src = m.media.url; img.alt = config.photo; img.loading = "lazy";
        link.appendChild(img); box.appendChild(link);
      } else {
        var doc = document.createElement("a"); doc.href = m.media.url; doc.download = m.media.file_name || "";
        doc.textContent = config.document + (m.media.file_name ? " — " + m.media.file_name : "");
        doc.dir = "auto"; box.appendChild(doc);
      }
      li.appendChild(box);
    } else if (m.media_kind && m.media_kind !== "text") {
      var tag = document.createElement("span"); tag.className = "tag";
      tag.textContent = config["kind" + m.media_kind.charAt(0).toUpperCase() + m.media_kind.slice(1)] || config.document;
      li.appendChild(tag);
    }
  }

  window.PasserelleMedia = {attach: attach, render: render};
})();
