import type { Constructor } from "@mikro-orm/core";
import type { Migration } from "@mikro-orm/migrations";
import { Migrator } from "@mikro-orm/migrations";
import { type EntitySchema, MikroORM } from "@mikro-orm/postgresql";
import { logger } from "../logger/logger.ts";

/** Everything needed to open the database: the entity schemas and the committed migrations of all folders. */
export interface OrmOptions {
  clientUrl: string;
  entities: EntitySchema<any, any>[];
  migrations: { name: string; class: Constructor<Migration> }[];
  poolMax?: number;
  debug?: boolean;
}

/** Opens MikroORM on PostgreSQL with our conventions (snake_case, timestamptz, no reflection). */
export async function openOrm(opts: OrmOptions): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: opts.clientUrl,
    entities: opts.entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: opts.poolMax ?? 10 },
    forceUtcTimezone: true,
    // Use cases always fork or run inside em.transactional; the global context is never used.
    allowGlobalContext: false,
    debug: opts.debug ?? false,
    logger: (m) => logger.debug(m),
    migrations: {
      tableName: "mikro_orm_migrations",
      migrationsList: opts.migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: "ts",
    },
  });
}

/** Applies pending migrations; returns the names applied. */
export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const done = await orm.getMigrator().up();
  if (done.length) logger.info({ migrations: done.map((m) => m.name) }, "migrations applied");
  return done.map((m) => m.name);
}

/** Checks that PostgreSQL answers; used by /readyz. */
export async function pingDatabase(orm: MikroORM): Promise<boolean> {
  try {
    await orm.em.getConnection().execute("select 1");
    return true;
  } catch {
    return false;
  }
}
