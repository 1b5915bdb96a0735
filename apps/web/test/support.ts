import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { migrateDatabase } from '@streakforge/db';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freshDatabase, type FreshDatabase } from '../../../tooling/test/test-database.mjs';
import { startApiProcess, type ApiProcess } from '../../../tooling/test/processes.mjs';

export const PASSWORD = 'a habit a day keeps the doctor away';
export const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
/** Debian's Chromium (`.ci/run` installs it); playwright-core drives it and downloads nothing. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** The built API as its own process on a fresh SQLite file, the way `npm start` runs it. */
export interface Stack {
  api: ApiProcess;
  database: FreshDatabase;
  stop(): Promise<void>;
}

export async function startStack(label: string): Promise<Stack> {
  const database = await freshDatabase(label, 'sqlite');
  await migrateDatabase(database.options);
  const api = await startApiProcess({
    ...process.env,
    ...database.env,
    JWT_SECRET: 'the browser tests sign their sessions with this',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    LOG_LEVEL: 'warn',
  });
  return {
    api,
    database,
    async stop() {
      api.process.kill('SIGTERM');
      await new Promise((done) => (api.process.exitCode !== null ? done(null) : api.process.once('exit', done)));
      await database.remove();
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * What the page reports that a user should never cause: console errors (Chromium logs CSP violations and failed
 * loads there) and uncaught exceptions. While `offline` is set, failed loads for want of a network are expected;
 * while `refusal` is, the one 400 a test provokes on purpose.
 */
export function watch(page: Page) {
  const problems: string[] = [];
  const state = { offline: false, refusal: false };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (state.offline && /ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(message.text())) return;
    if (state.refusal && /status of 400/.test(message.text())) {
      state.refusal = false;
      return;
    }
    problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  return { problems, state };
}

/** The screen at a phone's and a desktop's size, under test/screenshots/, for anyone to look at. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const [size, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(viewport);
    // A new width can show more days, which the list then reads.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/** The API as a third party sees it, signed in as the user the browser registered. */
export async function apiClient(base: string, login: string) {
  const session = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  expect(session.status).toBe(200);
  const { accessToken } = (await session.json()) as { accessToken: string };
  return async <T = any>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
}
