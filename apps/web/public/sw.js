/*
 * The app shell offline: the page and its hashed assets are kept in a cache and answered from it when the network
 * is gone. API answers are never cached here (they are per user; the app keeps its own last reads per account).
 */
const SHELL = 'streakforge-shell-v1';
const SHELL_FILES = ['/', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png'];

/** The shell files and the hashed scripts and styles the page names, so the first visit already works offline. */
async function cacheShell() {
  const cache = await caches.open(SHELL);
  await cache.addAll(SHELL_FILES);
  const page = await (await cache.match('/')).text();
  const assets = [...new Set(page.match(/\/assets\/[\w.-]+/g) ?? [])];
  await cache.addAll(assets);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== SHELL).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/docs') || url.pathname.startsWith('/health'))
    return;
  if (url.pathname.startsWith('/assets/')) {
    // Hashed names never change content: the cache is always right once filled.
    event.respondWith(
      caches.match(event.request).then(
        (hit) =>
          hit ??
          fetch(event.request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(SHELL).then((cache) => cache.put(event.request, copy));
            }
            return response;
          }),
      ),
    );
    return;
  }
  // The page and the rest: the network first, so a new version shows at once; the cache when offline.
  const key = event.request.mode === 'navigate' ? '/' : event.request;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          void caches.open(SHELL).then((cache) => cache.put(key, copy));
        }
        return response;
      })
      .catch(() => caches.match(key).then((hit) => hit ?? Response.error())),
  );
});
