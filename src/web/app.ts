import { fill } from './dom.js';
import { readFiles } from './form/pasted.js';
import { savedTheme, setTheme } from './form/page-settings.js';
import { announce, page, showError, words } from './page.js';
import { show, update } from './show.js';

/**
 * The page: one state (kept in the URL, page.ts), a form that edits it (form/), and a view derived
 * from it with the library the CLI uses (show.ts, view.ts). Everything runs here; nothing is sent
 * anywhere but a Hub id's config fetch. This module wires the page up once it has loaded.
 */
function start(): void {
  setTheme(savedTheme());
  const ignored = () => showError(fill(words().ignored, { problems: page.problems.join('; ') }));
  if (page.problems.length) ignored();
  // Drop a config.json, or a checkpoint with its config.json, anywhere on the page.
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    void readFiles(e.dataTransfer?.files, update);
  });
  void show({ controls: true }).then(() => {
    if (page.problems.length) ignored();
  });
  // Offline once loaded: a service worker keeps the page's files (only where browsers allow one).
  if (
    'serviceWorker' in navigator &&
    (location.protocol === 'https:' ||
      location.hostname === '127.0.0.1' ||
      location.hostname === 'localhost')
  ) {
    navigator.serviceWorker.register('sw.js').then(
      (registration) => {
        if (!registration.active)
          navigator.serviceWorker.ready.then(() => announce(words().offlineReady!));
      },
      () => {},
    );
  }
}

start();
