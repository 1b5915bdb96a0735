import {
  AbstractSqlDriver,
  MikroORM,
  PostgreSqlConnection,
  PostgreSqlPlatform,
  PostgreSqlSchemaHelper,
  type Configuration,
} from '@mikro-orm/postgresql';

type Checks = Awaited<ReturnType<PostgreSqlSchemaHelper['getAllChecks']>>;

/**
 * Reads check constraints back in the form the entities declare them. PostgreSQL stores `x between a and b` as
 * `(x >= a) AND (x <= b)` and adds `::double precision` casts to literals compared with doubles; MikroORM 7.2.1
 * strips only one-word casts (leaving `0 precision`), so a fresh migrated schema always showed these checks as
 * changed. Undoing PostgreSQL's two rewrites makes the schema diff empty again, as it is on SQLite.
 */
export class StreakforgePostgreSqlSchemaHelper extends PostgreSqlSchemaHelper {
  override async getAllChecks(...args: Parameters<PostgreSqlSchemaHelper['getAllChecks']>): Promise<Checks> {
    const checks = await super.getAllChecks(...args);
    for (const list of Object.values(checks)) {
      for (const check of list) {
        const body = /^check \(\((.*)\)\)$/is.exec(check.definition ?? '')?.[1];
        if (body) check.expression = declaredForm(body);
      }
    }
    return checks;
  }
}

/** A check body as PostgreSQL prints it, in the form it was declared. */
export function declaredForm(body: string): string {
  const uncast = body.replace(/\(([^()]*)\)::(?:double precision|\w+)(?:\[\])?/g, '$1');
  const between = /^\((\w+) >= ([\w.-]+)\) AND \(\1 <= ([\w.-]+)\)$/.exec(uncast);
  return between ? `${between[1]} between ${between[2]} and ${between[3]}` : uncast;
}

export class StreakforgePostgreSqlPlatform extends PostgreSqlPlatform {
  private readonly streakforgeSchemaHelper = new StreakforgePostgreSqlSchemaHelper(this);

  override getSchemaHelper(): StreakforgePostgreSqlSchemaHelper {
    return this.streakforgeSchemaHelper;
  }
}

/** MikroORM's PostgreSQL driver, reading check constraints as declared (see {@link StreakforgePostgreSqlSchemaHelper}). */
export class StreakforgePostgreSqlDriver extends AbstractSqlDriver<PostgreSqlConnection> {
  constructor(config: Configuration) {
    super(config, new StreakforgePostgreSqlPlatform(), PostgreSqlConnection, ['kysely', 'pg']);
  }

  override getORMClass() {
    return MikroORM;
  }
}
