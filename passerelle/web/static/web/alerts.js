// The inbox's alerts (conversations/partials/_alerts.html): every 10 s the page asks what
// happened since it last asked (new private messages, new questions, questions about to
// breach, clients marked urgent) and, as the staff member chose, plays a short tone and shows a notification.
// The browser asks for the notification permission once, when they turn notifications on.
(function () {
  var config = document.getElementById("alerts-config");
  if (!config) return;
  var settings = config.dataset, cursor = null, audio = null;

  function tone() {
    // A generated tone: no sound file to fetch, nothing the Content-Security-Policy refuses.
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    audio = audio || new Context();
    var osc = audio.createOscillator(), gain = audio.createGain();
    osc.frequency.value = 880; gain.gain.value = 0.1;
    osc.connect(gain); gain.connect(audio.destination);
    osc.start(); osc.stop(audio.currentTime + 0.15);
  }
  function notify(alert) {
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    var n = new Notification(alert.title, {body: alert.body, tag: alert.url});
    n.onclick = function () { window.focus(); window.location.href = alert.url; };
  }
  function poll() {
    var url = settings.url + (cursor ? "?m=" + cursor.m + "&q=" + cursor.q + "&u=" + cursor.u : "");
    fetch(url, {headers: {"Accept": "application/json"}}).then(function (r) { return r.json(); })
      .then(function (d) {
        cursor = {m: d.m, q: d.q, u: d.u};
        if (!d.alerts.length) return;
        if (settings.sound) tone();
        if (settings.browser) d.alerts.forEach(notify);
      }).catch(function () {});
  }
  var form = document.getElementById("alerts-form");
  if (settings.browser && window.Notification && Notification.permission === "denied") {
    document.getElementById("alerts-blocked").hidden = false;
  }
  form.addEventListener("submit", function (event) {
    var wanted = form.elements.browser.checked;
    if (!wanted || !("Notification" in window) || Notification.permission !== "default") return;
    // Asked here, on the staff member's click, and only while the browser has no answer.
    event.preventDefault();
    Notification.requestPermission().then(function () { form.submit(); });
  });
  if (settings.sound || settings.browser) { poll(); setInterval(poll, 10000); }
})();
