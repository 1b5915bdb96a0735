import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  addDays,
  habitStats,
  scoreValues,
  streakSummary,
  type CompletionRecord,
  type HabitSchedule,
} from '../src/index.js';

// Score series + streaks + stats for one habit, measured over 10 years of daily history and over 1,000 habits × 3 years.
const TODAY = '2026-11-24';
const schedules: Record<string, HabitSchedule> = {
  daily: {
    type: 'boolean',
    goalType: 'daily',
    timesPerPeriod: 1,
    periodDays: 1,
    targetValue: null,
    targetType: 'at_least',
  },
  weekly3: {
    type: 'boolean',
    goalType: 'weekly',
    timesPerPeriod: 3,
    periodDays: 7,
    targetValue: null,
    targetType: 'at_least',
  },
  custom3per10: {
    type: 'boolean',
    goalType: 'custom',
    timesPerPeriod: 3,
    periodDays: 10,
    targetValue: null,
    targetType: 'at_least',
  },
  numericDaily: {
    type: 'numeric',
    goalType: 'daily',
    timesPerPeriod: 1,
    periodDays: 1,
    targetValue: 5,
    targetType: 'at_least',
  },
};

function history(days: number, seed: number): CompletionRecord[] {
  let state = seed;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const records: CompletionRecord[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const roll = random();
    if (roll < 0.75) records.push({ date: addDays(TODAY, -i), status: 'done', value: Math.round(roll * 10) });
    else if (roll < 0.8) records.push({ date: addDays(TODAY, -i), status: 'skipped', value: 0 });
  }
  return records;
}

function recompute(schedule: HabitSchedule, completions: CompletionRecord[], start: string): void {
  scoreValues({ schedule, completions, from: start, to: TODAY });
  streakSummary({ schedule, completions, today: TODAY, weekStart: 1 });
  habitStats({ schedule, completions, start, from: start, to: TODAY, today: TODAY, weekStart: 1 });
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const rows: { case: string; medianMs: number; goalMs: number; runs: number }[] = [];
const tenYears = 3_652;
for (const [name, schedule] of Object.entries(schedules)) {
  const completions = history(tenYears, 7);
  const start = addDays(TODAY, 1 - tenYears);
  for (let i = 0; i < 20; i++) recompute(schedule, completions, start);
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    recompute(schedule, completions, start);
    samples.push(performance.now() - t0);
  }
  rows.push({ case: `1 habit × 10 years (${name})`, medianMs: median(samples), goalMs: 1, runs: samples.length });
}

const threeYears = 1_096;
const habits = Array.from({ length: 1_000 }, (_, i) => ({
  schedule: Object.values(schedules)[i % 4]!,
  completions: history(threeYears, i + 1),
}));
const start = addDays(TODAY, 1 - threeYears);
const samples: number[] = [];
for (let run = 0; run < 5; run++) {
  const t0 = performance.now();
  for (const habit of habits) recompute(habit.schedule, habit.completions, start);
  samples.push(performance.now() - t0);
}
rows.push({ case: '1,000 habits × 3 years', medianMs: median(samples), goalMs: 1_000, runs: samples.length });

console.table(rows.map((r) => ({ ...r, medianMs: Number(r.medianMs.toFixed(3)), met: r.medianMs <= r.goalMs })));
const outDir = resolve(import.meta.dirname, '../../../../bench/results');
mkdirSync(outDir, { recursive: true });
writeFileSync(
  resolve(outDir, 'core.json'),
  JSON.stringify({ node: process.version, date: new Date().toISOString(), results: rows }, null, 2),
);
console.log(`Wrote ${resolve(outDir, 'core.json')}`);
