// The web chat's service worker (served by member_pages.webchat_app.service_worker).
// The page shell is kept for slow or no connection: the page and the feed network-first
// (the newest when the network answers, the kept copy when it does not), static files
// cache-first. Pushes from the service become notifications.
var S = {{ settings|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(S.cache).then(function (cache) {
    return cache.addAll(S.shell);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  // Older shells of this chat go: their files may no longer match the page.
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("passerelle-webchat-") === 0 && name.indexOf(S.page.split("/")[2]) >= 0 && name !== S.cache;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function offlinePage() {
  var html = '<!doctype html><html lang="' + S.lang + '" dir="' + S.dir + '"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title></title></head>' +
    '<body><main><h1></h1><p></p></main></body></html>';
  var escape = function (text) { return text.replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); };
  html = html.replace("<title></title>", "<title>" + escape(S.offlineTitle) + "</title>")
    .replace("<h1></h1>", "<h1>" + escape(S.offlineTitle) + "</h1>")
    .replace("<p></p>", "<p>" + escape(S.offlineText) + "</p>");
  return new Response(html, {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
}

function networkFirst(request, keep, fallback) {
  return fetch(request).then(function (response) {
    if (response.ok && keep) {
      var copy = response.clone();
      caches.open(S.cache).then(function (cache) { cache.put(keep, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(keep || request).then(function (kept) { return kept || fallback(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === S.page) {
    // Kept under the bare page address: one copy whatever the query string.
    event.respondWith(networkFirst(request, S.page, offlinePage));
  } else if (url.pathname === S.feed) {
    // The whole feed is kept (after=0, the page's first call); later calls only ask
    // for what is new, and offline there is nothing new.
    var whole = url.searchParams.get("after") === "0" ? S.feed + "?after=0" : null;
    event.respondWith(networkFirst(request, whole, function () {
      return new Response(JSON.stringify({offline: true, messages: []}),
        {status: 200, headers: {"Content-Type": "application/json"}});
    }));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (kept) {
      return kept || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(S.cache).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    }));
  }
});

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || S.newMessage, {
    body: data.body || S.newMessage,
    tag: data.tag || "passerelle-webchat",
    renotify: true,
    icon: S.icon,
    lang: S.lang,
    dir: S.dir,
    data: {url: S.page}
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(self.clients.matchAll({type: "window", includeUncontrolled: true}).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (new URL(windows[i].url).pathname === S.page && "focus" in windows[i]) return windows[i].focus();
    }
    return self.clients.openWindow(S.page);
  }));
});
