import { loadEnv, logger, migrateUp, startEmbeddedPostgres } from "../../../platform/index.ts";
import { openAppOrm } from "../db.ts";

/**
 * Database commands: `migrate` applies pending migrations; `create [name]` writes a new migration for
 * the difference between the entities and the migrated schema into registry/migrations; `check` fails
 * when the entities and the migrations disagree.
 */
async function main() {
  const [command = "migrate", name] = process.argv.slice(2);
  const env = loadEnv();
  const embedded = env.DATABASE_URL ? null : await startEmbeddedPostgres(env.DATA_DIR, env.EMBEDDED_PG_PORT);
  const orm = await openAppOrm(env.DATABASE_URL ?? embedded!.url);
  try {
    if (command === "migrate") {
      const applied = await migrateUp(orm);
      console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
    } else if (command === "create") {
      await migrateUp(orm);
      const r = await orm.getMigrator().createMigration("registry/migrations", false, false, name);
      console.log(
        r.fileName
          ? `created registry/migrations/${r.fileName}; list it in registry/migrations/index.ts`
          : "no changes",
      );
    } else if (command === "check") {
      await migrateUp(orm);
      const needed = await orm.getMigrator().checkMigrationNeeded();
      if (needed) {
        const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
        console.error(`entities and migrations disagree:\n${diff}`);
        process.exitCode = 1;
      } else console.log("entities and migrations agree");
    } else {
      console.error(`unknown command ${command}; use migrate | create [name] | check`);
      process.exitCode = 2;
    }
  } finally {
    await orm.close();
    await embedded?.stop();
  }
}

main().catch((e) => {
  logger.error(e);
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
