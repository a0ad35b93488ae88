/// <reference lib="webworker" />
/**
 * Offline once loaded: on install the worker keeps every file of this build (the list and a hash of
 * them are written in by the build), then answers from that cache first. A new build has a new
 * hash, so its worker replaces the old cache when it activates.
 */
declare const self: ServiceWorkerGlobalScope;
declare const BUILD: { files: string[]; hash: string };

const cacheName = `tparams-${BUILD.hash}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(BUILD.files))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k.startsWith('tparams-') && k !== cacheName)
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  // The page itself is one file whatever its query (?model=…): look it up without the query.
  event.respondWith(
    caches
      .match(event.request, {
        ignoreSearch: url.pathname.endsWith('/') || url.pathname.endsWith('/index.html'),
      })
      .then((hit) => hit ?? fetch(event.request)),
  );
});
