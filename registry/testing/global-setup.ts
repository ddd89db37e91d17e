import pg from "pg";
import { migrateUp, OutboxEvent, openOrm } from "../../platform/index.ts";
import { registryEntities } from "../entities.ts";
import { registryMigrations } from "../migrations/index.ts";
import { testDatabaseUrl } from "./test-database.ts";

/**
 * Creates a fresh test database for this run and applies the committed migrations; drops it at the end. Tests then build
 * their own rows through factories and never depend on each other's data.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const url = new URL(testDatabaseUrl());
  const dbName = url.pathname.slice(1);
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(url), { pathname: "/postgres" }).toString(),
  });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.query(`create database "${dbName}"`);
  } finally {
    await admin.end();
  }
  const orm = await openOrm({
    clientUrl: url.toString(),
    entities: [OutboxEvent, ...registryEntities],
    migrations: registryMigrations,
  });
  try {
    await migrateUp(orm);
  } finally {
    await orm.close();
  }
  return async () => {
    const end = new pg.Client({
      connectionString: Object.assign(new URL(url), { pathname: "/postgres" }).toString(),
    });
    await end.connect();
    try {
      await end.query(`drop database if exists "${dbName}" with (force)`);
    } finally {
      await end.end();
    }
  };
}
