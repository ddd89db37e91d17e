/**
 * Once per journey run (vitest.e2e.config.ts): builds the app in production mode into a per-run
 * directory, creates a fresh PostgreSQL database, and starts the real server (serve.ts) on a free port
 * with its own Redis key prefix and the test keys; the server migrates and seeds the demo city 云港市
 * while the build runs. At the end it stops the server, drops the database, deletes the run's Redis keys
 * and scratch files. Runs killed half-way leave e2e/.run/<pid> and a tongban_test_e2e_<pid> database,
 * which the next run removes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import type { TestProject } from "vitest/node";
import {
  CHROMIUM_PATH,
  type E2eRun,
  e2eDatabaseUrl,
  REDIS_URL,
  REPO,
  RUN_ROOT,
  TEST_KEYS,
} from "./run-env.ts";

const BUILD_TIMEOUT_MS = 180_000;
const SERVER_TIMEOUT_MS = 240_000;

const log = (message: string) => console.log(`[e2e] ${message}`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tail(file: string, lines = 40): string {
  if (!existsSync(file)) return "";
  return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}

async function withAdmin<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(databaseUrl), { pathname: "/postgres" }).toString(),
  });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Removes what runs killed half-way left behind: their scratch folders and databases. */
async function removeStaleRuns(databaseUrl: string, dbName: string): Promise<void> {
  if (existsSync(RUN_ROOT)) {
    for (const name of readdirSync(RUN_ROOT)) {
      const pid = Number(name);
      if (Number.isInteger(pid) && !alive(pid))
        rmSync(path.join(RUN_ROOT, name), { recursive: true, force: true });
    }
  }
  const prefix = dbName.slice(0, -String(process.pid).length);
  await withAdmin(databaseUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      "select datname from pg_database where starts_with(datname, $1)",
      [prefix],
    );
    for (const { datname } of rows) {
      const pid = Number(datname.slice(prefix.length));
      if (Number.isInteger(pid) && pid !== process.pid && !alive(pid))
        await admin.query(`drop database if exists "${datname}" with (force)`);
    }
  });
}

/** Resolves when the child exits with 0; rejects with the log's tail otherwise. */
function finished(child: ChildProcess, what: string, logFile: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${what} took longer than ${timeoutMs / 1000} s; see ${logFile}`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${what} failed (${signal ?? `exit ${code}`}); ${logFile}:\n${tail(logFile)}`));
    });
  });
}

/** Resolves with the server's URL once it reports ready; rejects if it exits or times out first. */
function serverReady(child: ChildProcess, logFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the server was not ready within ${SERVER_TIMEOUT_MS / 1000} s; see ${logFile}`));
    }, SERVER_TIMEOUT_MS);
    child.on("message", (m: { type?: string; baseUrl?: string }) => {
      if (m?.type !== "ready" || !m.baseUrl) return;
      clearTimeout(timer);
      resolve(m.baseUrl);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server stopped (${signal ?? `exit ${code}`}); ${logFile}:\n${tail(logFile)}`));
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install chromium fonts-wqy-zenhei; .ci/run does) ` +
        "or point CHROMIUM_PATH at one. playwright-core never downloads browsers.",
    );
  const started = Date.now();
  const runDir = path.join(RUN_ROOT, String(process.pid));
  const buildDir = path.join(runDir, "build");
  const dataDir = path.join(runDir, "data");
  const buildLog = path.join(runDir, "build.log");
  const serverLog = path.join(runDir, "server.log");
  const databaseUrl = e2eDatabaseUrl();
  const dbName = new URL(databaseUrl).pathname.slice(1);
  const queuePrefix = `tongban-e2e-${process.pid}`;

  await removeStaleRuns(databaseUrl, dbName);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  await withAdmin(databaseUrl, async (admin) => {
    await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.query(`create database "${dbName}"`);
  });

  let builder: ChildProcess | undefined;
  let server: ChildProcess | undefined;
  const teardown = async () => {
    if (builder && builder.exitCode === null) builder.kill("SIGKILL");
    if (server) await stopServer(server);
    await withAdmin(databaseUrl, (admin) => admin.query(`drop database if exists "${dbName}" with (force)`));
    await deleteRedisKeys(queuePrefix);
    // The logs stay until the next run, for a look after a failure.
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // Production build of the app, in parallel with the server's migrations and seeding.
    const buildFd = openSync(buildLog, "w");
    builder = spawn(
      process.execPath,
      [path.join(REPO, "node_modules/@react-router/dev/bin.js"), "build", "e2e/support/build-root"],
      {
        cwd: REPO,
        env: { ...process.env, NODE_ENV: "production", E2E_BUILD_DIR: buildDir },
        stdio: ["ignore", buildFd, buildFd],
      },
    );
    closeSync(buildFd);
    const built = finished(builder, "react-router build", buildLog, BUILD_TIMEOUT_MS);

    const serverEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...TEST_KEYS,
      NODE_ENV: "production",
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "info",
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      DATA_DIR: dataDir,
      E2E_APP_BUILD: buildDir,
      ROLE: "all",
      SEED_DEMO: "true",
      MIGRATE_ON_START: "true",
    };
    // The embedded defaults, not whatever the developer's shell points at.
    for (const name of [
      "PORT",
      "HOST",
      "PUBLIC_URL",
      "OIDC_ISSUER",
      "OIDC_CLIENT_ID",
      "S3_ENDPOINT",
      "ELASTICSEARCH_URL",
      "SMS_GATEWAY_URL",
    ])
      delete serverEnv[name];
    const serverFd = openSync(serverLog, "w");
    server = spawn(process.execPath, ["--import", "tsx", "e2e/support/serve.ts"], {
      cwd: REPO,
      env: serverEnv,
      stdio: ["ignore", serverFd, serverFd, "ipc"],
    });
    closeSync(serverFd);
    const ready = serverReady(server, serverLog);
    ready.catch(() => {}); // awaited below, after the build

    await built;
    log(`app built in ${seconds(started)}`);
    if (server.connected) server.send({ type: "build-ready" });
    const baseUrl = await ready;
    log(`server ready at ${baseUrl} after ${seconds(started)} (log: ${path.relative(REPO, serverLog)})`);

    const run: E2eRun = { baseUrl, databaseUrl, redisUrl: REDIS_URL, queuePrefix, dataDir, serverLog };
    project.provide("e2e", run);
    return teardown;
  } catch (e) {
    await teardown().catch(() => {});
    throw e;
  }
}
