import type { EntityManager } from './orm.js';
import { instantOf, instantParam, tables } from './tables.js';

/**
 * Takes the job's lease for `holder` until `expiresAt` unless another holder's lease is still running, in the
 * caller's transaction; returns who holds it now. One statement decides, so two workers racing for the lease on
 * either engine cannot both win: PostgreSQL makes the second wait on the row and re-checks the condition.
 */
export async function takeJobLease(
  em: EntityManager,
  lease: { name: string; holder: string; now: Date; expiresAt: Date },
): Promise<string> {
  await tables(em)
    .insertInto('job_leases')
    .values({ name: lease.name, holder: lease.holder, expires_at: instantParam(em, lease.expiresAt) })
    .onConflict((conflict) =>
      conflict
        .column('name')
        .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), expires_at: eb.ref('excluded.expires_at') }))
        .where('job_leases.expires_at', '<=', instantParam(em, lease.now)),
    )
    .execute();
  const row = await tables(em)
    .selectFrom('job_leases')
    .select('holder')
    .where('name', '=', lease.name)
    .executeTakeFirstOrThrow();
  return row.holder;
}

/**
 * Moves the lease's end to `expiresAt` while `holder` still holds it: the heartbeat of a long run, so a crashed
 * holder's lease lapses soon while a live one keeps it. False when the lease is no longer this holder's.
 */
export async function renewJobLease(
  em: EntityManager,
  lease: { name: string; holder: string; expiresAt: Date },
): Promise<boolean> {
  const result = await tables(em)
    .updateTable('job_leases')
    .set({ expires_at: instantParam(em, lease.expiresAt) })
    .where('name', '=', lease.name)
    .where('holder', '=', lease.holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives the job's lease back, if `holder` still holds it. */
export async function releaseJobLease(em: EntityManager, name: string, holder: string): Promise<void> {
  await tables(em).deleteFrom('job_leases').where('name', '=', name).where('holder', '=', holder).execute();
}

/** When the job last started a run that succeeded, or null. */
export async function lastSucceededRunAt(em: EntityManager, name: string): Promise<Date | null> {
  const row = await tables(em)
    .selectFrom('job_runs')
    .select((eb) => eb.fn.max('started_at').as('at'))
    .where('name', '=', name)
    .where('status', '=', 'succeeded')
    .executeTakeFirst();
  return row?.at == null ? null : instantOf(row.at);
}
