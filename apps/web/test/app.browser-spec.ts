import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, dayNumber, logicalToday, startOfPeriod } from '@streakforge/core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  LOOP,
  history,
  loopBackup,
  loopLongestStreak,
  loopScores,
  type FixtureHabit,
} from '../../api/test/loop-fixtures.js';
import { DESKTOP, PASSWORD, apiClient, launchBrowser, screenshots, startStack, watch, type Stack } from './support.js';

const USERNAME = 'ada';
const today = () => logicalToday({ now: new Date(), timeZone: 'UTC', dayStartMinutes: 0 });
const percent = (score: number) => `score ${Math.round(score * 100)}%`;

/** A Loop habit with two years of history: a yes/no habit done on most days, with notes, skips and misses. */
function loopHabit(to: string): FixtureHabit {
  const values = history(addDays(to, -730), addDays(to, -1), (day) =>
    day % 11 === 0 ? LOOP.SKIP : day % 7 === 0 ? LOOP.NO : day % 5 === 3 ? null : LOOP.YES_MANUAL,
  );
  // Loop keeps a note on an entered day.
  values.set(addDays(to, -3), LOOP.YES_MANUAL);
  return {
    name: 'Meditate',
    question: 'Did you meditate today?',
    numerator: 1,
    denominator: 1,
    color: 11,
    values,
    notes: new Map([[addDays(to, -3), 'ten minutes, outside']]),
  };
}

/**
 * The web app end to end: a real Chromium on the app the API serves, against that API's own process on a SQLite
 * file. What the page shows is checked against what the API answers, and against Loop's own figures for a backup.
 */
describe('the web app in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watched: ReturnType<typeof watch>;
  let api: Awaited<ReturnType<typeof apiClient>>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack('web'), launchBrowser()]);
    context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
    page = await context.newPage();
    watched = watch(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const row = (name: string): Locator => page.locator(`[data-habit="${ids[name]}"]`);
  const cell = (name: string, date: string): Locator => row(name).locator(`button[data-date="${date}"]`);
  /** Waits until the API's answer for `path` satisfies `check` (the page writes in the background). */
  async function eventually<T>(path: string, check: (value: T) => boolean): Promise<T> {
    for (;;) {
      const value = await api<T>(path).catch(() => undefined);
      if (value !== undefined && check(value)) return value;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  async function expectRowMatchesApi(name: string) {
    const habit = await api<{ score: number; streak: { current: number } }>(`/habits/${ids[name]}`);
    await expect(
      row(name)
        .getByRole('img', { name: /^score/ })
        .getAttribute('aria-label'),
    ).resolves.toBe(percent(habit.score));
    await expect(row(name).locator('.streak').getAttribute('aria-label')).resolves.toBe(
      `streak ${habit.streak.current}`,
    );
  }

  it('registers, with the time zone taken from the browser, and offers a Loop import on the empty list', async () => {
    await page.goto(stack.api.base);
    await page.getByRole('tab', { name: 'Create account' }).click();
    await screenshots(page, 'sign-in');
    await page.locator('#username').fill(USERNAME);
    await page.locator('#email').fill('ada@example.org');
    await page.locator('#password').fill('short');
    watched.state.refusal = true;
    await page.getByRole('button', { name: 'Create account' }).last().click();
    // The API's own field message, at the field.
    await expect(page.locator('#password-error').textContent()).resolves.toContain('at least 10 characters');
    await page.locator('#password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).last().click();
    await page.getByRole('heading', { name: 'No habits yet' }).waitFor();
    await page.getByRole('heading', { name: 'Import your Loop backup' }).waitFor();
    api = await apiClient(stack.api.base, USERNAME);
    const me = await api<{ timezone: string }>('/me');
    expect(me.timezone).toBe(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone));
    await screenshots(page, 'empty');
  });

  it("imports a Loop backup through the page and shows Loop's own streak and score", async () => {
    const habit = loopHabit(today());
    await page.locator('#file').setInputFiles({
      name: 'Loop Habits Backup.db',
      mimeType: 'application/octet-stream',
      buffer: loopBackup([habit]),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Habits', exact: true }).waitFor();
    // What the import did stays on screen: one habit, its days, and Loop's automatic check-marks left out.
    await expect(page.locator('.import-result').textContent()).resolves.toMatch(/Habits: 1 new.*Days: \d+ new/);
    const [imported] = (await api<{ items: { id: number; name: string }[] }>('/habits')).items;
    ids.Meditate = imported!.id;
    const loopScore = loopScores(habit, addDays(today(), -730), today()).find((point) => point.date === today())!.score;
    await expect(
      row('Meditate')
        .getByRole('img', { name: /^score/ })
        .getAttribute('aria-label'),
    ).resolves.toBe(percent(loopScore));
    const streaks = await api<{ longest: number }>(`/habits/${ids.Meditate}/streaks`);
    expect(streaks.longest).toBe(loopLongestStreak(habit, today()));
    await expectRowMatchesApi('Meditate');
    const noted = row('Meditate').locator('button[title="ten minutes, outside"]');
    await noted.waitFor();
    await expect(noted.getAttribute('data-date')).resolves.toBe(addDays(today(), -3));
    await expect(noted.getAttribute('aria-label')).resolves.toMatch(/note/);
  });

  it('creates a habit of each kind, with the API field errors at the field', async () => {
    const create = async (name: string, fill: () => Promise<void>) => {
      await page.goto(`${stack.api.base}/#/habits/new`);
      await page.locator('#name').fill(name);
      await fill();
      await page.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(/#\/habits\/\d+$/);
      ids[name] = Number(/(\d+)$/.exec(page.url())![1]);
    };
    await page.goto(`${stack.api.base}/#/habits/new`);
    watched.state.refusal = true;
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.locator('#name-error').textContent()).resolves.toMatch(/name/);
    await screenshots(page, 'habit-form');

    await create('Read', async () => undefined);
    await create('Gym', async () => {
      await page.locator('#goalType').selectOption('weekly');
      await page.locator('#timesPerPeriod').fill('3');
      await page.locator('#category').fill('Health');
    });
    await create('Walk', async () => {
      await page.locator('#goalType').selectOption('custom');
      await page.locator('#timesPerPeriod').fill('2');
      await page.locator('#periodDays').fill('5');
      await page.locator('#category').fill('Health');
    });
    await create('Water', async () => {
      await page.getByLabel(/A number/).check();
      await page.locator('#targetValue').fill('2');
      await page.locator('#unit').fill('L');
    });
    await create('Sugar', async () => {
      await page.getByLabel(/A number/).check();
      await page.locator('#targetType').selectOption('at_most');
      await page.locator('#targetValue').fill('30');
      await page.locator('#unit').fill('g');
    });
    const habits = (await api<{ items: Record<string, unknown>[] }>('/habits')).items;
    expect(habits.find((habit) => habit.name === 'Walk')).toMatchObject({
      goalType: 'custom',
      timesPerPeriod: 2,
      periodDays: 5,
      category: 'Health',
    });
    expect(habits.find((habit) => habit.name === 'Sugar')).toMatchObject({
      type: 'numeric',
      targetType: 'at_most',
      targetValue: 30,
      unit: 'g',
    });
  });

  it('toggles, skips, marks not done with a note, and enters numbers; each row shows what the API counts', async () => {
    await page.goto(`${stack.api.base}/#/`);
    await row('Read').waitFor();
    const [t, t1, t2, t3] = [0, -1, -2, -3].map((offset) => addDays(today(), offset)) as [
      string,
      string,
      string,
      string,
    ];

    await cell('Read', t).click();
    await eventually<{ status: string }>(`/habits/${ids.Read}/completions/${t}`, (day) => day.status === 'done');
    await row('Read').locator('.streak[aria-label="streak 1"]').waitFor();

    await cell('Read', t1).click({ button: 'right' });
    await page.getByRole('dialog').getByLabel('Skipped').check();
    await screenshots(page, 'day-dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await eventually<{ status: string }>(`/habits/${ids.Read}/completions/${t1}`, (day) => day.status === 'skipped');

    await cell('Read', t2).focus();
    await page.keyboard.press('Shift+Enter');
    await page.getByRole('dialog').getByLabel('Not done').check();
    await page.locator('#day-notes').fill('had a fever');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await eventually<{ status: string; notes: string }>(
      `/habits/${ids.Read}/completions/${t2}`,
      (day) => day.status === 'missed' && day.notes === 'had a fever',
    );

    // A long press on a touch screen opens the same dialog.
    await cell('Gym', t3).dispatchEvent('pointerdown', { pointerType: 'touch' });
    await page.getByRole('dialog').waitFor();
    await cell('Gym', t3).dispatchEvent('pointerup', { pointerType: 'touch' });
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await eventually<{ status: string }>(`/habits/${ids.Gym}/completions/${t3}`, (day) => day.status === 'done');

    await cell('Water', t).click();
    await page.locator('#day-value').fill('1.5');
    await page.getByRole('dialog').getByRole('button', { name: 'More' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await eventually<{ value: number }>(`/habits/${ids.Water}/completions/${t}`, (day) => day.value === 2);
    await cell('Water', t).filter({ hasText: '2' }).waitFor();

    await cell('Walk', t1).click();
    await eventually<{ status: string }>(`/habits/${ids.Walk}/completions/${t1}`, (day) => day.status === 'done');
    // Two walks in five days: the goal covers the other days of the period, shown dimmed as Loop shows them.
    await cell('Walk', t).click();
    await eventually<{ status: string }>(`/habits/${ids.Walk}/completions/${t}`, (day) => day.status === 'done');
    for (const name of Object.keys(ids)) await expectRowMatchesApi(name);
    await screenshots(page, 'list');
  });

  it('reorders habits from the keyboard, and keeps archived ones out of the list until asked', async () => {
    const order = async () => (await api<{ items: { name: string }[] }>('/habits')).items.map((habit) => habit.name);
    const before = await order();
    const at = before.indexOf('Sugar');
    const expected = [...before.slice(0, at - 1), 'Sugar', before[at - 1]!, ...before.slice(at + 1)];
    await page.getByRole('button', { name: 'Move Sugar' }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    for (;;) {
      if ((await order()).join() === expected.join()) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    await expect(
      page.getByRole('button', { name: 'Move Sugar' }).evaluate((handle) => handle === document.activeElement),
    ).resolves.toBe(true);

    await api(`/habits/${ids.Gym}`, { method: 'PATCH', body: { archived: true } });
    await page.reload();
    await row('Read').waitFor();
    await expect(row('Gym').count()).resolves.toBe(0);
    await page.getByLabel('Archived').check();
    await row('Gym').waitFor();
    await api(`/habits/${ids.Gym}`, { method: 'PATCH', body: { archived: false } });
    await page.getByLabel('Archived').uncheck();
  });

  it("rolls a refused write back, with the API's reason, and follows the system into dark mode", async () => {
    // The habit became numeric elsewhere; the page still shows it as yes/no, so its tap sends no amount.
    await api(`/habits/${ids.Sugar}`, { method: 'PATCH', body: { type: 'boolean' } });
    await page.reload();
    await row('Sugar').waitFor();
    await api(`/habits/${ids.Sugar}`, { method: 'PATCH', body: { type: 'numeric', targetValue: 30 } });
    const day = cell('Sugar', addDays(today(), -1));
    const before = await day.getAttribute('class');
    watched.state.refusal = true;
    await day.click();
    await page
      .getByRole('alert')
      .filter({ hasText: /^Sugar/ })
      .waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/value/);
    await expect(day.getAttribute('class')).resolves.toBe(before);
    await expect(api(`/habits/${ids.Sugar}/completions?from=${addDays(today(), -1)}`)).resolves.toMatchObject({
      items: [],
    });

    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(18, 18, 20)');
    await screenshots(page, 'list-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('draws the score chart with a point per period, and the history, streaks and notes', async () => {
    const { weekStart } = await api<{ weekStart: number }>('/me');
    await page.goto(`${stack.api.base}/#/habits/${ids.Meditate}`);
    const chart = page.locator('.chart');
    await chart.locator('canvas').waitFor();
    for (const [period, days] of [
      ['Week', 364],
      ['Day', 60],
      ['Month', 730],
    ] as const) {
      await page.getByRole('radiogroup', { name: 'Score by' }).getByRole('radio', { name: period }).click();
      const scores = await api<{ items: { date: string }[] }>(
        `/habits/${ids.Meditate}/scores?from=${addDays(today(), -days + 1)}&to=${today()}`,
      );
      const expected =
        period === 'Day'
          ? scores.items.length
          : new Set(
              scores.items.map((point) =>
                startOfPeriod(dayNumber(point.date), period === 'Week' ? 'week' : 'month', weekStart),
              ),
            ).size;
      await page.locator(`.chart[data-points="${expected}"]`).waitFor();
    }
    expect(await chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => canvas.width)).toBeGreaterThan(100);
    await page.getByText('ten minutes, outside').waitFor();
    const streaks = await api<{ best: { length: number }[] }>(`/habits/${ids.Meditate}/streaks?limit=5`);
    await expect(page.locator('.streaks li').count()).resolves.toBe(streaks.best.length);
    await screenshots(page, 'detail');
  });

  it('shows the year heatmap and the summary', async () => {
    await page.goto(`${stack.api.base}/#/overview`);
    await page.locator('.heatmap .cell[data-date]').first().waitFor();
    const summary = await api<{ habits: number }>(`/analytics/summary?from=${addDays(today(), -29)}&to=${today()}`);
    await expect(page.locator('.tiles div').nth(3).locator('dd').textContent()).resolves.toBe(String(summary.habits));
    await screenshots(page, 'overview');
  });

  it('works offline: the page reloads, three ticks wait, and reach the server once each when back', async () => {
    await page.goto(`${stack.api.base}/#/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await row('Read').waitFor();
    const days = [-4, -5, -6].map((offset) => addDays(today(), offset));
    watched.state.offline = true;
    await context.setOffline(true);
    await page.reload();
    await row('Read').waitFor();
    await page.getByText('Offline: showing what was last loaded.').waitFor();
    for (const date of days) await cell('Read', date).click();
    await page.getByText('3 changes waiting').waitFor();
    for (const date of days) await expect(cell('Read', date).getAttribute('class')).resolves.toContain('done');
    const before = await api<{ items: unknown[] }>(`/habits/${ids.Read}/completions?from=${days[2]}&to=${days[0]}`);
    expect(before.items).toEqual([]);
    await screenshots(page, 'offline');

    await context.setOffline(false);
    await page.getByText(/changes? waiting/).waitFor({ state: 'detached' });
    watched.state.offline = false;
    const after = await api<{ items: { date: string; status: string }[] }>(
      `/habits/${ids.Read}/completions?from=${days[2]}&to=${days[0]}`,
    );
    expect(after.items.map((day) => [day.date, day.status])).toEqual(days.map((date) => [date, 'done']));
  });

  it("moves the list's today when settings change the time zone", async () => {
    const zone = ['Pacific/Kiritimati', 'Pacific/Pago_Pago'].find(
      (timeZone) => logicalToday({ now: new Date(), timeZone, dayStartMinutes: 0 }) !== today(),
    )!;
    const before = await api<{ timezone: string; weekStart: number; dayStartMinutes: number }>('/me');
    await page.goto(`${stack.api.base}/#/settings`);
    // The form shows the account's settings as they are.
    await expect(page.locator('#timezone').inputValue()).resolves.toBe(before.timezone);
    await expect(page.locator('#weekStart').inputValue()).resolves.toBe(String(before.weekStart));
    await page.locator('#timezone').selectOption(zone);
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('Saved.').waitFor();
    // Only the time zone changed.
    await expect(api('/me')).resolves.toMatchObject({
      timezone: zone,
      weekStart: before.weekStart,
      dayStartMinutes: before.dayStartMinutes,
    });
    await page.getByRole('heading', { name: 'Signed-in browsers' }).waitFor();
    await page.getByText('(this browser)').waitFor();
    await screenshots(page, 'settings');
    await page.goto(`${stack.api.base}/#/`);
    const zonedToday = logicalToday({ now: new Date(), timeZone: zone, dayStartMinutes: 0 });
    await expect(row('Read').locator('button[data-date]').last().getAttribute('data-date')).resolves.toBe(zonedToday);
  });

  it('signs out, leaving nothing of the account readable in the page, and signs in again', async () => {
    await page.goto(`${stack.api.base}/#/settings`);
    await page.getByRole('button', { name: 'Sign out of this browser' }).click();
    await page.getByRole('tab', { name: 'Sign in' }).waitFor();
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes(':read:')));
    expect(kept).toEqual([]);
    await page.reload();
    await page.getByRole('tab', { name: 'Sign in' }).waitFor();

    await page.locator('#login').fill(USERNAME);
    await page.locator('#password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).last().click();
    // Back where the user was.
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    await page.goto(`${stack.api.base}/#/`);
    await row('Read').waitFor();
    await page.reload();
    await row('Read').waitFor();
  });

  it('reported no console error, no CSP violation and no uncaught exception', () => {
    expect(watched.problems).toEqual([]);
  });
});
