import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WEB_APP_ROOT } from '../src/bootstrap.js';
import { startApi, type TestApi } from './support.js';

/** The web app as `npm run build` leaves it (apps/web/dist), served by the API at `/`. */
describe('the web app at /', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('serves the page, revalidated, under a CSP that works on a plain-HTTP LAN address', async () => {
    const page = await api.request<string>('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<div id="app">');
    expect(page.headers['cache-control']).toBe('no-cache');
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("default-src 'self'");
    // It would send the page's scripts and calls to https:// on an http://192.168.x.y address, where nothing answers.
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  it('caches hashed assets for good, and serves the service worker and the manifest fresh', async () => {
    const assets = readdirSync(join(WEB_APP_ROOT, 'assets')).filter((name) => /\.(js|css)$/.test(name));
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const name of assets) {
      const asset = await api.request('GET', `/assets/${name}`);
      expect(asset.status).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const worker = await api.request<string>('GET', '/sw.js');
    expect(worker.headers['content-type']).toMatch(/javascript/);
    expect(worker.headers['cache-control']).toBe('no-cache');
    const manifest = await api.request<string>('GET', '/manifest.webmanifest');
    expect(manifest.status).toBe(200);
    const { icons } = JSON.parse(String(manifest.body)) as { icons: { src: string; sizes: string }[] };
    expect(icons.map((icon) => icon.sizes)).toEqual(['192x192', '512x512']);
    for (const icon of icons) {
      const image = await api.request('GET', icon.src);
      expect([image.status, image.headers['content-type']]).toEqual([200, 'image/png']);
    }
  });

  it('leaves every other path to the API: its JSON 404, 405 for other methods, and /api/v1 and /health as they were', async () => {
    const missing = await api.request('GET', '/habits');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await api.request('GET', '/assets/not-a-file.js')).status).toBe(404);
    const posted = await api.request('POST', '/', { body: {} });
    expect(posted.status).toBe(405);
    expect((await api.request('GET', '/health/live')).status).toBe(200);
    expect((await api.request('GET', '/api/v1/me')).status).toBe(401);
  });
});
