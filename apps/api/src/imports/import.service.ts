import {
  BadRequestException,
  Injectable,
  PayloadTooLargeException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { setImmediate } from 'node:timers/promises';
import {
  latestDateAnywhere,
  logicalToday,
  validateHabitDefinition,
  type HabitSchedule,
  type IsoDate,
} from '@streakforge/core';
import {
  EntityManager,
  Habit,
  User,
  computeStreakState,
  exportedHabitRows,
  habitDays,
  lockUserHabits,
  markAllDirty,
  recomputeStreaks,
  saveStreakStates,
  scheduleOf,
  upsertCompletionDays,
  type CompletionDayRow,
  type ExportedHabitRow,
  type StoredStreakState,
} from '@streakforge/db';
import { Clock } from '@streakforge/db';
import { assertWithinAccountLimits } from '../common/account-limits.js';
import { checkDays, sameDay, typeChangeProblem, type NormalizedDay } from '../common/day-record.js';
import { fieldErrors, type FieldError } from '../common/error-body.js';
import { validatedItem } from '../common/validation.js';
import { habitFieldsOf } from '../habits/habits.dto.js';
import { HabitsService } from '../habits/habits.service.js';
import { UsersService } from '../users/users.service.js';
import { EXPORT_FORMAT, ExportedHabit, type ExportDocument, type ExportedCompletion } from './import.dto.js';
import {
  dayWhere,
  emptySkipCounts,
  settingChanges,
  type ImportCounts,
  type ImportPlan,
  type ImportResult,
  type ImportedHabit,
} from './import-plan.js';
import { parseLoopFile } from './loop-parse.js';
import { LoopFormatError, LoopTooLargeError } from './loop-reader.js';
import { LoopCsvWriter } from './loop-writer.js';
import { ZipArchive } from './zip-archive.js';

const counts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0 });

interface StoredDayRow extends NormalizedDay {
  date: IsoDate;
}

/** The habit's stored fields in the import's terms, to tell whether an import changes them. */
function storedFields(habit: Habit) {
  return {
    name: habit.name,
    question: habit.question ?? null,
    description: habit.description ?? null,
    category: habit.category ?? null,
    color: habit.color ?? null,
    ...scheduleOf(habit),
    unit: habit.unit ?? null,
    archived: habit.archived,
    externalId: habit.externalId ?? null,
  };
}

/** An exported habit in the import's terms; `where` is its path in the document. */
function importedHabit(habit: ExportedHabit, where: string): ImportedHabit {
  return {
    where,
    match: {
      ...(habit.id ? { id: habit.id } : {}),
      ...(habit.externalId ? { externalIds: [habit.externalId] } : {}),
      name: habit.name,
    },
    fields: {
      name: habit.name,
      question: habit.question ?? null,
      description: habit.description ?? null,
      category: habit.category ?? null,
      color: habit.color ?? null,
      type: habit.type ?? 'boolean',
      goalType: habit.goalType ?? 'daily',
      timesPerPeriod: habit.timesPerPeriod ?? 1,
      periodDays: habit.periodDays ?? null,
      targetValue: habit.targetValue ?? null,
      targetType: habit.targetType ?? 'at_least',
      unit: habit.unit ?? null,
      archived: habit.archived ?? false,
      externalId: habit.externalId ?? null,
    },
    ...(habit.position !== undefined ? { position: habit.position } : {}),
    ...(habit.createdAt ? { createdAt: new Date(habit.createdAt) } : {}),
    days: habit.completions.map((day) => ({
      date: day.date,
      status: day.status,
      value: day.value,
      notes: day.notes || null,
    })),
  };
}

/**
 * Imports (Loop's files, StreakForge's own export) and the export. An import is one transaction: every habit and day
 * of the file or nothing, and re-importing the same file changes nothing. Days the file holds replace what is
 * stored for them; days it does not hold are kept.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly habits: HabitsService,
    private readonly users: UsersService,
  ) {}

  /**
   * Every day of the file is checked before the transaction begins, so the write lock is held only for matching and
   * writing; if the latest date anywhere has moved on by the time the transaction runs, the check is made again
   * inside it. Streak rows of new habits are computed ahead as well, against the import's calendar.
   */
  async apply(userId: number, plan: ImportPlan): Promise<ImportResult> {
    const stored = await this.em.fork().findOneOrFail(User, userId);
    const checkedToday = logicalToday({
      now: this.clock.now(),
      timeZone: plan.profile?.timezone ?? stored.timezone,
      dayStartMinutes: plan.profile?.dayStartMinutes ?? stored.dayStartMinutes,
    });
    const checkedLatest = latestDateAnywhere(this.clock.now());
    const checkedSchedules = this.checkedSchedules(plan, checkedLatest);
    const checkedWeekStart = plan.profile?.weekStart ?? stored.weekStart;
    // A habit the import creates holds exactly the file's days, so its streak row can be computed before the lock.
    // Only when every habit is new (a first import): a re-import would compute rows it then does not use.
    const firstImport = (await this.em.fork().count(Habit, { user: userId })) === 0;
    const fileStates = firstImport
      ? plan.habits.map((habit, i) =>
          computeStreakState({
            schedule: checkedSchedules[i]!,
            completions: [...habit.days].sort((a, b) => (a.date < b.date ? -1 : 1)),
            today: checkedToday,
            weekStart: checkedWeekStart,
          }),
        )
      : [];
    return this.em.transactional(async (em) => {
      await lockUserHabits(em, userId);
      const settingsChanged = plan.profile ? settingChanges(await em.findOneOrFail(User, userId), plan.profile) : [];
      if (plan.profile) await this.users.applyChanges(em, userId, plan.profile);
      const { user, today, weekStart, now } = await this.habits.calendarOf(userId, em);
      const calendarUnchanged = today === checkedToday && weekStart === checkedWeekStart;
      const latest = latestDateAnywhere(now);
      const schedules = latest === checkedLatest ? checkedSchedules : this.checkedSchedules(plan, latest);

      const skipped = Object.values(plan.skipped).reduce((sum, count) => sum + count, 0);
      const result: ImportResult = {
        habits: counts(),
        completions: counts(),
        skipped,
        skippedByReason: plan.skipped,
        settingsChanged,
      };
      const owned = await em.find(Habit, { user: userId }, { orderBy: { position: 'asc', id: 'asc' } });
      const claimed = new Set<Habit>();
      const match = this.matcher(owned, claimed);
      let nextPosition = owned.reduce((last, habit) => Math.max(last, habit.position + 1), 0);
      let changed = false;

      const targets = plan.habits.map((imported, i) => {
        const schedule = schedules[i]!;
        const fields = {
          ...imported.fields,
          ...schedule,
          unit: schedule.type === 'numeric' ? imported.fields.unit : null,
        };
        const found = match(imported);
        if (!found) {
          result.habits.created++;
          changed = true;
          const habit = em.create(Habit, {
            ...fields,
            user,
            position: imported.position ?? nextPosition++,
            createdAt: imported.createdAt ?? now,
            updatedAt: now,
          });
          claimed.add(habit);
          return { imported, habit, isNew: true, scheduleChanged: true, typeBefore: fields.type };
        }
        claimed.add(found);
        const before = storedFields(found);
        const createdAtChanged =
          imported.createdAt !== undefined && imported.createdAt.getTime() !== found.createdAt.getTime();
        const after = { ...before, ...fields };
        if (JSON.stringify(after) === JSON.stringify(before) && !createdAtChanged) {
          result.habits.unchanged++;
          return { imported, habit: found, isNew: false, scheduleChanged: false, typeBefore: found.type };
        }
        result.habits.updated++;
        changed = true;
        const scheduleChanged =
          JSON.stringify(scheduleOf(found)) !== JSON.stringify(scheduleOf({ ...found, ...fields }));
        const typeBefore = found.type;
        em.assign(found, {
          ...fields,
          ...(imported.createdAt ? { createdAt: imported.createdAt } : {}),
          updatedAt: now,
        });
        return { imported, habit: found, isNew: false, scheduleChanged, typeBefore };
      });
      this.assertExternalIdsFree(owned, targets);
      await assertWithinAccountLimits(em, user.id);

      const recompute: Habit[] = [];
      const known = new Map<number, StoredStreakState>();
      const writes: CompletionDayRow[] = [];
      for (const [i, { imported, habit, isNew, scheduleChanged, typeBefore }] of targets.entries()) {
        const stored = isNew
          ? new Map<IsoDate, StoredDayRow>()
          : new Map((await habitDays(em, habit.id)).map((row) => [row.date, row]));
        // Days the file replaces are read in the new type; stored done days it leaves would be reinterpreted.
        const replaced = new Set(imported.days.map((day) => day.date));
        const kept = [...stored.values()].filter((day) => day.status === 'done' && !replaced.has(day.date)).length;
        const typeProblem = typeChangeProblem(typeBefore, habit.type, kept, `${imported.where}.type`);
        if (typeProblem) throw new UnprocessableEntityException(fieldErrors([typeProblem]));
        const before = writes.length;
        for (const day of imported.days) {
          const existing = stored.get(day.date);
          if (existing && sameDay(existing, day)) {
            result.completions.unchanged++;
            continue;
          }
          result.completions[existing ? 'updated' : 'created']++;
          writes.push({ habitId: habit.id, ...day });
        }
        const fileState = calendarUnchanged ? fileStates[i] : undefined;
        if (isNew && fileState) known.set(habit.id, fileState);
        else if (isNew || scheduleChanged || writes.length > before) recompute.push(habit);
      }
      // All habits' days in one call, so they go in the fewest statements, most of them 4,000 rows long.
      await upsertCompletionDays(em, writes, now);
      changed ||= writes.length > 0;
      await saveStreakStates(em, known, now);
      await recomputeStreaks(em, { habits: recompute, today, weekStart, now });
      if (changed) await markAllDirty(em, user.id);
      return result;
    });
  }

  /** The document `GET /export` streams: the profile settings, then each habit with its history, a chunk at a time. */
  async *exportDocument(userId: number): AsyncGenerator<string> {
    const em = this.em.fork();
    const user = await em.findOneOrFail(User, userId);
    const profile = { timezone: user.timezone, dayStartMinutes: user.dayStartMinutes, weekStart: user.weekStart };
    yield `{"format":${JSON.stringify(EXPORT_FORMAT)},"profile":${JSON.stringify(profile)},"habits":[`;
    let first = true;
    for await (const { row, completions } of this.withDays(em, await exportedHabitRows(em, userId))) {
      const habit: ExportedHabit = {
        ...habitFieldsOf(row),
        externalId: row.externalId ?? null,
        createdAt: row.createdAt.toISOString(),
        completions,
      };
      yield (first ? '' : ',') + JSON.stringify(habit);
      first = false;
    }
    yield ']}';
  }

  /**
   * `GET /export/loop`: Loop Habit Tracker's CSV export of every habit as of the user's logical today, as zip bytes
   * streamed a file at a time. Only what the root files need of each habit is held until the end.
   */
  async exportLoop(userId: number): Promise<{ filename: string; bytes: AsyncGenerator<Uint8Array> }> {
    const em = this.em.fork();
    const { today } = await this.habits.calendarOf(userId, em);
    return { filename: `Loop Habits CSV ${today}.zip`, bytes: this.loopArchive(em, userId, today) };
  }

  private async *loopArchive(em: EntityManager, userId: number, today: IsoDate): AsyncGenerator<Uint8Array> {
    const writer = new LoopCsvWriter(today);
    const archive = new ZipArchive();
    const rows = await exportedHabitRows(em, userId);
    const habits = rows.map((row) => ({
      name: row.name,
      question: row.question ?? null,
      description: row.description ?? null,
      color: row.color ?? null,
      unit: row.unit ?? null,
      archived: row.archived,
      schedule: scheduleOf(row),
    }));
    yield archive.add('Habits.csv', writer.habitsCsv(habits));
    let position = 0;
    for await (const { completions } of this.withDays(em, rows)) {
      const files = writer.habitFiles(position + 1, { ...habits[position]!, days: completions });
      position++;
      yield archive.add(`${files.folder}/Scores.csv`, files.scores);
      yield archive.add(`${files.folder}/Checkmarks.csv`, files.checkmarks);
    }
    for (const part of writer.rootFiles()) yield archive.add(part.name, part.text, part.last);
    yield archive.end();
  }

  /** Each habit with its days oldest first, read one habit at a time. */
  private async *withDays(
    em: EntityManager,
    rows: readonly ExportedHabitRow[],
  ): AsyncGenerator<{ row: ExportedHabitRow; completions: ExportedCompletion[] }> {
    for (const row of rows) yield { row, completions: await habitDays(em, row.id) };
  }

  /** Loop Habit Tracker's CSV export zip or backup; a file that is not one is a 400 naming what is wrong where. */
  async importLoop(userId: number, file: Uint8Array): Promise<ImportResult> {
    let plan: ImportPlan;
    try {
      plan = await parseLoopFile(file);
    } catch (error) {
      if (error instanceof LoopTooLargeError)
        throw new PayloadTooLargeException(fieldErrors([{ field: error.field, message: error.message }]));
      if (error instanceof LoopFormatError)
        throw new BadRequestException(fieldErrors([{ field: error.field, message: error.message }]));
      throw error;
    }
    return this.apply(userId, plan);
  }

  /**
   * A StreakForge export as an import: habits matched by id, then name; everything it holds replaces what is stored.
   * Habits are validated one at a time, each turned into the import's terms before the next, and other requests run
   * between them: validating a document of 146,000 days whole held about 160 MB more and the event loop for 2 s.
   * Each habit is taken out of the document as it is read, so the document and its import terms are not both held
   * through the transaction.
   */
  async importDocument(userId: number, document: ExportDocument): Promise<ImportResult> {
    const habits: ImportedHabit[] = [];
    const problems: FieldError[] = [];
    const unread = document.habits;
    for (let i = 0; unread.length > 0; i++) {
      const item = unread.shift()!;
      const where = `habits.${i}`;
      const checked = await validatedItem(ExportedHabit, item, where);
      if (checked.ok) habits.push(importedHabit(checked.value, where));
      else problems.push(...checked.problems);
      await setImmediate();
    }
    if (problems.length) throw new BadRequestException(fieldErrors(problems));
    return this.apply(userId, {
      ...(document.profile ? { profile: document.profile } : {}),
      skipped: emptySkipCounts(),
      habits,
    });
  }

  /**
   * Each habit's schedule, or every problem of the file: 400, or 422 for days no calendar has reached. A day after
   * the account's own today is taken: it was someone's today (a phone in another zone, or this account before a
   * change of time zone or day start), and what an export holds must import back.
   */
  private checkedSchedules(plan: ImportPlan, latest: IsoDate): HabitSchedule[] {
    const invalid: FieldError[] = [];
    const future: FieldError[] = [];
    const schedules = plan.habits.map((habit) => {
      const { fields } = habit;
      const result = validateHabitDefinition({
        ...fields,
        periodDays: fields.goalType === 'custom' ? fields.periodDays : null,
        unit: fields.type === 'numeric' ? fields.unit : null,
      });
      if (!result.ok) {
        invalid.push(
          ...result.problems.map((problem) => ({ field: `${habit.where}.${problem.field}`, message: problem.message })),
        );
        return null;
      }
      const problems = checkDays(
        habit.days.map((day, i) => {
          const field = dayWhere(habit, i);
          return {
            habit: result.schedule,
            habitKey: 0,
            date: day.date,
            input: day,
            fields: { date: field, value: field, notes: field },
          };
        }),
        latest,
        `today in every time zone (${latest} at the latest)`,
      );
      invalid.push(...problems.invalid);
      future.push(...problems.future);
      return result.schedule;
    });
    const limit = (errors: FieldError[]) => errors.slice(0, 100);
    if (invalid.length) throw new BadRequestException(fieldErrors(limit(invalid)));
    if (future.length) throw new UnprocessableEntityException(fieldErrors(limit(future)));
    return schedules as HabitSchedule[];
  }

  /** An external id names one habit: two in the file, or one another habit of the user holds, is a 400, not a 409. */
  private assertExternalIdsFree(
    owned: readonly Habit[],
    targets: readonly { imported: ImportedHabit; habit: Habit }[],
  ): void {
    const problems: FieldError[] = [];
    const seen = new Set<string>();
    const importing = new Set(targets.map((target) => target.habit));
    const holders = new Map(
      owned.filter((other) => other.externalId && !importing.has(other)).map((other) => [other.externalId!, other]),
    );
    for (const { imported } of targets) {
      const externalId = imported.fields.externalId;
      if (externalId === null) continue;
      const holder = holders.get(externalId);
      if (seen.has(externalId))
        problems.push({
          field: `${imported.where}.externalId`,
          message: 'another habit of this import has the same externalId',
        });
      else if (holder)
        problems.push({
          field: `${imported.where}.externalId`,
          message: `your habit ${holder.id} already has this externalId`,
        });
      seen.add(externalId);
    }
    if (problems.length) throw new BadRequestException(fieldErrors(problems));
  }

  /** Finds the stored habit an imported one stands for: by id, then external id, then name; each habit once. */
  private matcher(
    owned: readonly Habit[],
    claimed: ReadonlySet<Habit>,
  ): (imported: ImportedHabit) => Habit | undefined {
    const byId = new Map(owned.map((habit) => [habit.id, habit]));
    const byExternalId = new Map(owned.filter((habit) => habit.externalId).map((habit) => [habit.externalId!, habit]));
    const byName = new Map<string, Habit[]>();
    for (const habit of owned) byName.set(habit.name, [...(byName.get(habit.name) ?? []), habit]);
    const free = (habit: Habit | undefined) => (habit && !claimed.has(habit) ? habit : undefined);
    return ({ match }) =>
      (match.id !== undefined ? free(byId.get(match.id)) : undefined) ??
      match.externalIds?.map((id) => free(byExternalId.get(id))).find(Boolean) ??
      (match.name !== undefined ? byName.get(match.name)?.find((habit) => !claimed.has(habit)) : undefined);
  }
}
