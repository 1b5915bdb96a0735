// The web app's browser case: Debian's Chromium (playwright-core, no download) opens the list of an account with
// many habits, signed in through a real browser session cookie; the time is from navigation start to every row
// drawn, read from the page's own clock. Also the app shell's size: what a first visit fetches before any data.
/* global document, localStorage, performance -- the functions passed to page.* run in the page */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIST = resolve(import.meta.dirname, '../apps/web/dist');
const RUNS = 3;

export const browserAvailable = () => existsSync(CHROMIUM);

/** The JS and CSS of the built app, raw and gzipped, in KB. */
export function shellSize() {
  const files = readdirSync(join(WEB_DIST, 'assets')).filter((name) => /\.(js|css)$/.test(name));
  const bytes = files.map((name) => readFileSync(join(WEB_DIST, 'assets', name)));
  const sum = (list) => list.reduce((total, buffer) => total + buffer.length, 0) / 1024;
  return { rawKb: sum(bytes), gzipKb: sum(bytes.map((buffer) => gzipSync(buffer, { level: 9 }))) };
}

/**
 * Median milliseconds, over fresh browser profiles (nothing cached), from navigating to `base` to `habits` rows on
 * the list, for the account whose access token is `token`.
 */
export async function listDrawnMs(base, token, habits) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const times = [];
    for (let run = 0; run < RUNS; run++) {
      const started = await fetch(`${base}/api/v1/me/browser-sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      const cookie = started.headers.get('set-cookie')?.split(';')[0]?.split('=');
      if (!started.ok || !cookie) throw new Error(`browser session: HTTP ${started.status}`);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addCookies([{ name: cookie[0], value: cookie.slice(1).join('='), url: `${base}/api/v1` }]);
      // What the app sets at sign-in, so it knows to use the cookie.
      await context.addInitScript(() => localStorage.setItem('streakforge:has-session', '1'));
      const page = await context.newPage();
      await page.goto(base, { waitUntil: 'commit' });
      await page.waitForFunction((count) => document.querySelectorAll('[data-habit]').length >= count, habits, {
        polling: 'raf',
        timeout: 120_000,
      });
      times.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
    return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  } finally {
    await browser.close();
  }
}
