import pg from "pg";
import { type MikroORM, migrateUp, OutboxEvent, openOrm } from "../../platform/index.ts";
import { type Actor, type Ctx, SYSTEM } from "../context.ts";
import { registryEntities } from "../entities.ts";
import { registryMigrations } from "../migrations/index.ts";
import { testPii } from "./test-env.ts";

/**
 * A database of its own for a test file that needs fixed codes (the demo city's departments and items), which
 * would collide with other files seeding the same codes in the shared test database. Created and migrated
 * here, dropped by `close`.
 */
export async function isolatedDatabase(name: string): Promise<{
  orm: MikroORM;
  url: string;
  ctx: (actor?: Actor, now?: Date) => Ctx;
  close: () => Promise<void>;
}> {
  const base = new URL(process.env.DATABASE_URL as string);
  const url = new URL(base);
  url.pathname = `${base.pathname}_${name}`;
  const dbName = url.pathname.slice(1);
  const admin = async (sql: string) => {
    const c = new pg.Client({
      connectionString: Object.assign(new URL(base), { pathname: "/postgres" }).toString(),
    });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`drop database if exists "${dbName}" with (force)`);
  await admin(`create database "${dbName}"`);
  const orm = await openOrm({
    clientUrl: url.toString(),
    entities: [OutboxEvent, ...registryEntities],
    migrations: registryMigrations,
    poolMax: 8,
  });
  await migrateUp(orm);
  return {
    orm,
    url: url.toString(),
    ctx: (actor = SYSTEM, now = new Date()) => ({ em: orm.em.fork(), actor, now, pii: testPii() }),
    close: async () => {
      await orm.close();
      await admin(`drop database if exists "${dbName}" with (force)`);
    },
  };
}
