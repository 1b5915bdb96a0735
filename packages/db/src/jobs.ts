import type { EntityManager } from '@mikro-orm/sqlite';

/**
 * Takes the job's lease for `holder` until `expiresAt` unless another holder's lease is still running, in the
 * caller's transaction; returns who holds it now.
 */
export async function takeJobLease(
  em: EntityManager,
  lease: { name: string; holder: string; now: Date; expiresAt: Date },
): Promise<string> {
  await em.execute(
    `insert into job_leases (name, holder, expires_at) values (?, ?, ?)
     on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
     where job_leases.expires_at <= ?`,
    [lease.name, lease.holder, lease.expiresAt.getTime(), lease.now.getTime()],
  );
  const [row] = await em.execute<{ holder: string }[]>('select holder from job_leases where name = ?', [lease.name]);
  return row!.holder;
}

/** Gives the job's lease back, if `holder` still holds it. */
export async function releaseJobLease(em: EntityManager, name: string, holder: string): Promise<void> {
  await em.execute('delete from job_leases where name = ? and holder = ?', [name, holder]);
}

/** When the job last started a run that succeeded, or null. */
export async function lastSucceededRunAt(em: EntityManager, name: string): Promise<Date | null> {
  const [row] = await em.execute<{ at: number | null }[]>(
    "select max(started_at) as at from job_runs where name = ? and status = 'succeeded'",
    [name],
  );
  return row?.at ? new Date(row.at) : null;
}
