// Staff attach a file or record a voice note (web/_attach_staff.html), in the inbox's reply
// box or a posts composer. The file is uploaded at once (with a progress bar); the answer's
// media dict goes, as JSON, into the form's hidden "media" input, and the form sends it
// with the message. The preview plays the uploaded copy from the server: the site's CSP
// allows no blob: URL. Every root marked data-staff-media is set up, once.
(function () {
  var VOICE_TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];

  function clock(seconds) {
    var s = Math.floor(seconds);
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var p = root.dataset.prefix, config = root.dataset;
    function el(name) { return document.getElementById(p + "-" + name); }
    var hidden = el("media"), input = el("file"), bar = el("bar"), recordBtn = el("record");
    var recBox = el("recording"), recTime = el("rec-time"), uploading = el("uploading");
    var progress = el("progress"), attached = el("attached"), name = el("attached-name");
    var preview = el("preview"), rerecord = el("rerecord"), error = el("error");
    var text = config.text ? document.getElementById(config.text) : null;
    var form = root.closest("form");
    var recorder = null, stream = null, chunks = [], started = 0, timer = null, keep = false, xhr = null;

    function say(message) { error.textContent = message || ""; }
    function show(media, previewUrl, label) {
      hidden.value = media ? JSON.stringify(media) : "";
      attached.hidden = !media;
      bar.hidden = !!media;
      name.textContent = label || "";
      var playable = media && (media.kind === "voice" || media.kind === "audio");
      preview.hidden = !playable;
      if (playable) preview.src = previewUrl; else preview.removeAttribute("src");
      rerecord.hidden = !(media && media.kind === "voice");
      if (text) text.required = !media;
      root.dispatchEvent(new CustomEvent("staff-media:change", {bubbles: true, detail: {media: media}}));
    }
    function clear() {
      if (xhr) { xhr.abort(); xhr = null; }
      uploading.hidden = true; input.value = ""; show(null); say("");
    }

    function upload(blob, fileName, kind, label) {
      say(""); clear();
      var data = new FormData();
      data.append("file", blob, fileName);
      data.append("kind", kind);
      xhr = new XMLHttpRequest();
      xhr.open("POST", config.upload);
      xhr.setRequestHeader("X-CSRFToken", config.csrf);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) progress.value = Math.round(100 * e.loaded / e.total);
      });
      xhr.addEventListener("load", function () {
        var answer = {};
        try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = {}; }
        uploading.hidden = true; xhr = null;
        if (this.status === 201 && answer.media) {
          var what = answer.media.kind === "voice" ? config.voiceNote : answer.media.name || label;
          show(answer.media, answer.preview, kind === "voice" ? label : what);
          (answer.media.kind === "voice" || answer.media.kind === "audio" ? preview : el("remove")).focus();
        } else {
          say(answer.error || config.uploadFailed);
        }
      });
      xhr.addEventListener("error", function () { uploading.hidden = true; xhr = null; say(config.uploadFailed); });
      progress.value = 0; uploading.hidden = false;
      xhr.send(data);
    }

    el("attach").addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (file) upload(file, file.name, "", file.name);
    });
    el("remove").addEventListener("click", function () { clear(); el("attach").focus(); });

    function stopStream() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null; clearInterval(timer);
      recBox.hidden = true;
    }
    function record() {
      say("");
      if (!navigator.mediaDevices || !window.MediaRecorder) { say(config.recordUnsupported); return; }
      navigator.mediaDevices.getUserMedia({audio: true}).then(function (s) {
        clear();
        stream = s; chunks = []; keep = false;
        var type = VOICE_TYPES.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0];
        recorder = type ? new MediaRecorder(s, {mimeType: type}) : new MediaRecorder(s);
        recorder.addEventListener("dataavailable", function (e) { if (e.data && e.data.size) chunks.push(e.data); });
        recorder.addEventListener("stop", function () {
          var seconds = (Date.now() - started) / 1000;
          stopStream();
          bar.hidden = false;
          if (!keep || !chunks.length) { recordBtn.focus(); return; }
          var mime = (recorder.mimeType || type || "audio/webm").split(";")[0];
          var ext = mime.indexOf("ogg") >= 0 ? "ogg" : mime.indexOf("mp4") >= 0 ? "m4a" : "webm";
          upload(new Blob(chunks, {type: mime}), "voice-note." + ext, "voice",
                 config.voiceNote + " (" + clock(seconds) + ")");
        });
        started = Date.now(); recTime.textContent = clock(0);
        timer = setInterval(function () { recTime.textContent = clock((Date.now() - started) / 1000); }, 250);
        bar.hidden = true; recBox.hidden = false;
        // In slices: what was recorded so far is kept even if the recorder stops oddly.
        recorder.start(500);
        el("rec-stop").focus();
      }).catch(function () { say(config.recordRefused); });
    }
    recordBtn.addEventListener("click", record);
    rerecord.addEventListener("click", record);
    el("rec-stop").addEventListener("click", function () { keep = true; if (recorder) recorder.stop(); });
    el("rec-cancel").addEventListener("click", function () { keep = false; if (recorder) recorder.stop(); });
    // Escape while recording cancels it, as the Cancel button does.
    recBox.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && recorder && recorder.state === "recording") { keep = false; recorder.stop(); }
    });

    if (form) {
      form.addEventListener("reset", function () { setTimeout(clear, 0); });
      // Only a sent form empties it: the posts composer also asks the server for its
      // audience count on every change, with the same form.
      form.addEventListener("htmx:afterRequest", function (e) {
        var config = e.detail.requestConfig || {};
        var sent = config.triggeringEvent && config.triggeringEvent.type === "submit";
        if (e.detail.elt === form && e.detail.successful && sent) clear();
      });
    }
  }

  function setupAll() { document.querySelectorAll("[data-staff-media]").forEach(setup); }
  document.addEventListener("DOMContentLoaded", setupAll);
  document.addEventListener("htmx:load", setupAll);
})();
