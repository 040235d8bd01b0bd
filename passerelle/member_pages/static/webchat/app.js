// The web chat as an app (webchat/page.html): service worker, notifications, text size,
// install, offline notice. webchat.js tells it what happens through document events:
// "webchat:sent" after the member's message went, "webchat:online" with detail true/false.
(function () {
  var config = document.getElementById("wc-config").dataset;
  var root = document.getElementById("wc-root");
  var sizeKey = "passerelle-webchat-large-text";
  var askedKey = config.key + "-wrote";

  // Larger text, remembered on this phone.
  var size = document.getElementById("wc-size");
  function applySize(large) {
    root.classList.toggle("wc-large", large);
    size.setAttribute("aria-pressed", large ? "true" : "false");
  }
  applySize(localStorage.getItem(sizeKey) === "1");
  size.addEventListener("click", function () {
    var large = !root.classList.contains("wc-large");
    localStorage.setItem(sizeKey, large ? "1" : "0"); applySize(large);
  });

  // Offline: said once, cleared when the feed answers again.
  var offline = document.getElementById("wc-offline");
  document.addEventListener("webchat:online", function (e) { offline.hidden = e.detail; });
  window.addEventListener("offline", function () { offline.hidden = false; });

  // Install: the browser's own offer, behind a button of the page.
  var install = document.getElementById("wc-install"), deferred = null;
  window.addEventListener("beforeinstallprompt", function (e) {
    e.preventDefault(); deferred = e; install.hidden = false;
  });
  install.addEventListener("click", function () {
    if (!deferred) return;
    deferred.prompt(); deferred = null; install.hidden = true;
  });

  var registration = null;
  if ("serviceWorker" in navigator) {
    registration = navigator.serviceWorker.register(config.sw, {scope: config.scope}).catch(function () { return null; });
  }

  // Notifications: offered after the member's first message (never on load), asked for
  // only when they press the button.
  var box = document.getElementById("wc-push"), on = document.getElementById("wc-push-on");
  var off = document.getElementById("wc-push-off"), status = document.getElementById("wc-push-status");
  var supported = registration && "PushManager" in window && "Notification" in window && config.vapid;
  function say(text) { status.textContent = text; }
  function showState(subscribed) { on.hidden = subscribed; off.hidden = !subscribed; }
  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: {"Content-Type": "application/json", "X-CSRFToken": config.csrf}});
  }
  function keyBytes(text) {
    var raw = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function offer() {
    box.hidden = false;
    if (!supported) { on.hidden = true; say(config.pushUnsupported); return; }
    registration.then(function (reg) { return reg && reg.pushManager.getSubscription(); })
      .then(function (sub) { showState(!!sub); }).catch(function () { showState(false); });
  }
  on.addEventListener("click", function () {
    say("");
    Notification.requestPermission().then(function (answer) {
      if (answer !== "granted") { say(config.pushRefused); return null; }
      return registration.then(function (reg) {
        return reg.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: keyBytes(config.vapid)});
      }).then(function (sub) {
        return post(config.pushSubscribe, {subscription: sub.toJSON()}).then(function (r) {
          return r.json().then(function (d) {
            if (!r.ok) {
              sub.unsubscribe();
              var refused = new Error(d.error || config.pushFailed); refused.fromServer = true; throw refused;
            }
            showState(true); say(config.pushOn);
          });
        });
      });
    }).catch(function (e) { say(e && e.fromServer ? e.message : config.pushFailed); });
  });
  off.addEventListener("click", function () {
    registration.then(function (reg) { return reg.pushManager.getSubscription(); }).then(function (sub) {
      if (!sub) return null;
      return post(config.pushUnsubscribe, {endpoint: sub.endpoint}).then(function () { return sub.unsubscribe(); });
    }).then(function () { showState(false); say(config.pushOff); }).catch(function () { say(config.pushFailed); });
  });
  document.addEventListener("webchat:sent", function () {
    localStorage.setItem(askedKey, "1"); offer();
  });
  if (localStorage.getItem(askedKey) === "1") offer();
})();
