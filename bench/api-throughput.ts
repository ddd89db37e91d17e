/**
 * `npm run bench:api`: the department interface /api/v1 over HTTP with autocannon — case pulls, case list
 * pages and result pushes per second, with p50/p99 latency.
 *
 * The real path: the server (bench/api-server.ts, a child process) boots the runtime and the built-in identity
 * service as the portal server does; this process registers an API client (createApiClient), gets a
 * client-credentials access token from `/oidc/token` over HTTP (a fresh one per scenario: they live 5 min) and
 * benchmarks with it, so every request pays the real bearer verification, the Redis rate limiter and the
 * department look-up. The per-client limit (600/min) is raised to BENCH_RATE_LIMIT for the bench (printed).
 *
 * Without DATABASE_URL it creates tongban_bench_api, migrates it and drops it at the end; with DATABASE_URL it
 * migrates that database and adds its own uniquely coded department, item and applicants (never drops it).
 * Set-up through our use cases: a department, an item issuing a licence type, 40 applicants (half persons,
 * half enterprises), BENCH_CASES open cases (half submitted, half accepted) and BENCH_PUSH_CASES cases taken
 * through accept → review → decide (approve) → conclude, which issues their licence without its PDF.
 *
 * Scenarios (each a warm-up of BENCH_WARMUP_SECONDS, then BENCH_SECONDS measured, BENCH_CONNECTIONS
 * connections): case-pull `GET /cases/{id}` rotating over every case; case-list `GET /cases?limit=50`
 * rotating over the pages of a full sync (updated_since + cursor); result-push multipart `POST
 * /cases/{id}/results` (metadata of the item's licence type + a BENCH_PDF_KB PDF), a unique Idempotency-Key
 * each, to each concluded case once (a case's licence takes one PDF; with the older rule of a new result per
 * push the same requests issue new results, and the accounting below holds for both). Non-2xx answers and
 * errors are counted and the run fails when more than BENCH_MAX_FAIL_SHARE (1%) of a scenario's answers are
 * not 2xx. After the pushes the database must hold exactly one result PDF per push the server answered 2xx
 * (those still in flight when autocannon stopped are counted separately).
 *
 * Knobs: BENCH_CASES (2000), BENCH_PUSH_CASES (2000), BENCH_CONNECTIONS (16), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (3),
 * BENCH_SCENARIOS (case-pull,case-list,result-push), BENCH_PDF_KB (16), BENCH_RATE_LIMIT (10000000/min),
 * DATABASE_POOL_MAX (the server's pool, default 10 as in production);
 * BENCH_PROFILE=file.cpuprofile writes a CPU profile of the server per measured scenario
 * (file-<scenario>.cpuprofile; open it in Chrome DevTools).
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createApiClient } from "../identity/index.ts";
import { loadEnv } from "../platform/index.ts";
import { bootRuntime } from "../portal/server/runtime.ts";
import { makePdf, seed } from "./api-seed.ts";
import { adminSql, machineCpu } from "./support.ts";

const CASES = Number(process.env.BENCH_CASES ?? 2000);
const PUSH_CASES = Number(process.env.BENCH_PUSH_CASES ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const PDF_KB = Number(process.env.BENCH_PDF_KB ?? 16);
const RATE_LIMIT = Number(process.env.BENCH_RATE_LIMIT ?? 10_000_000);
const MAX_FAIL_SHARE = Number(process.env.BENCH_MAX_FAIL_SHARE ?? 0.01);
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? "case-pull,case-list,result-push").split(",");
const OWN_DB = !process.env.DATABASE_URL;
const URL_ = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/tongban_bench_api");
const admin = (sql: string) => adminSql(URL_, sql);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The server child process and a request/reply channel to it. */
async function startServer(env: Record<string, string>) {
  const child: ChildProcess = fork(new URL("./api-server.ts", import.meta.url), {
    env,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code} before it was ready`)));
    child.once("message", () => resolve());
  });
  let seq = 0;
  const rpc = (op: string, extra: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++seq;
      const on = (m: Record<string, unknown>) => {
        if (m.id !== id) return;
        child.off("message", on);
        if (m.error) reject(new Error(String(m.error)));
        else resolve(m);
      };
      child.on("message", on);
      child.send({ id, op, ...extra });
    });
  return { child, rpc };
}

interface Scenario {
  name: string;
  method: "GET" | "POST";
  /** Builds the n-th request; `key` is set for pushes (the Idempotency-Key). */
  build(n: number): { path: string; body?: Buffer; headers?: Record<string, string>; key?: string };
}

interface Tally {
  ok: Set<string>;
  samples: string[];
}

async function main() {
  const dbName = URL_.pathname.slice(1);
  if (OWN_DB) {
    await admin(`drop database if exists "${dbName}" with (force)`);
    await admin(`create database "${dbName}"`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "tongban-bench-api-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // One environment for this process and the server, so both read the same personal-data keys.
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: "production",
    DATABASE_URL: URL_.toString(),
    DATA_DIR: dataDir,
    PII_KEY: randomBytes(32).toString("base64"),
    PII_HMAC_KEY: randomBytes(32).toString("base64"),
    APP_SECRET: randomBytes(32).toString("base64url"),
    OIDC_CLIENT_SECRET: randomBytes(24).toString("base64url"),
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: base,
    QUEUE_PREFIX: `bench-api-${randomBytes(4).toString("hex")}`,
    SEED_DEMO: "false",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    BENCH_RATE_LIMIT: String(RATE_LIMIT),
  };
  const rt = await bootRuntime(loadEnv({ ...env, MIGRATE_ON_START: "true" }));
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let failed = false;
  try {
    const t0 = performance.now();
    const s = await seed(rt, { cases: CASES, pushCases: PUSH_CASES });
    const setupSeconds = (performance.now() - t0) / 1000;
    const client = await createApiClient(rt.orm, {
      departmentCode: s.deptCode,
      name: "接口基准测试业务系统",
      scopes: ["cases:read", "results:write"],
    });
    server = await startServer({ ...env, MIGRATE_ON_START: "false" });
    const { rpc } = server;

    const token = async () => {
      const res = await fetch(`${base}/oidc/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ grant_type: "client_credentials", scope: "cases:read results:write" }),
      });
      const body = (await res.json()) as { access_token?: string };
      if (!res.ok || !body.access_token)
        throw new Error(`token endpoint: ${res.status} ${JSON.stringify(body)}`);
      return body.access_token;
    };

    // The pages of a full sync, walked once with the cursor, so the list scenario can rotate over them.
    const listAuth = { authorization: `Bearer ${await token()}` };
    const pages: string[] = [];
    for (let cursor: string | null = null, guard = 0; guard < 10_000; guard++) {
      const q: URLSearchParams = new URLSearchParams({
        limit: "50",
        updated_since: s.since,
        ...(cursor ? { cursor } : {}),
      });
      pages.push(`/api/v1/cases?${q}`);
      const res: Response = await fetch(`${base}/api/v1/cases?${q}`, { headers: listAuth });
      if (!res.ok) throw new Error(`list: ${res.status} ${await res.text()}`);
      cursor = ((await res.json()) as { nextCursor: string | null }).nextCursor;
      if (!cursor) break;
    }

    const pdf = makePdf(PDF_KB);
    const boundary = `----tongbanbench${randomBytes(8).toString("hex")}`;
    const today = new Date().toISOString().slice(0, 10);
    const runId = randomBytes(4).toString("hex");
    const multipart = (n: number) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify({
            resultTypeCode: s.typeCode,
            data: { scope: "接口基准测试经营范围", seq: n },
            validFrom: today,
          })}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="licence.pdf"\r\n` +
            "Content-Type: application/pdf\r\n\r\n",
        ),
        pdf,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);

    const all: Scenario[] = [
      {
        name: "case-pull",
        method: "GET",
        build: (n) => ({ path: `/api/v1/cases/${s.caseIds[n % s.caseIds.length]}` }),
      },
      { name: "case-list", method: "GET", build: (n) => ({ path: pages[n % pages.length]! }) },
      {
        name: "result-push",
        method: "POST",
        build: (n) => {
          const key = `bench-${runId}-${n}`;
          // Each concluded case once: its result takes one PDF. Past the last one the pushes are refused,
          // and the run fails saying so.
          const target = s.concludedIds[pushes++ % s.concludedIds.length];
          return {
            path: `/api/v1/cases/${target}/results`,
            body: multipart(n),
            headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "idempotency-key": key },
            key,
          };
        },
      },
    ];
    const scenarios = all.filter((x) => SCENARIOS.includes(x.name));

    let counter = 0;
    let pushes = 0;
    const pushTally: Tally = { ok: new Set(), samples: [] };
    const run = async (sc: Scenario, seconds: number, tally: Tally) => {
      const auth = `Bearer ${await token()}`;
      return autocannon({
        url: base,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: sc.method,
            setupRequest: (req, context) => {
              const r = sc.build(counter++);
              context.key = r.key;
              return {
                ...req,
                path: r.path,
                body: r.body,
                headers: { authorization: auth, ...r.headers },
              };
            },
            onResponse: (status, body, context) => {
              if (status >= 200 && status < 300) {
                if (context.key) tally.ok.add(context.key as string);
              } else if (tally.samples.length < 5) {
                tally.samples.push(`${status} ${body.slice(0, 300)}`);
              }
            },
          },
        ],
      });
    };

    const sql = <T>(q: string, p: unknown[]) =>
      rt.orm.em.fork().getConnection().execute(q, p, "all") as Promise<T[]>;
    const resultsWithPdf = async () =>
      (
        await sql<{ n: number }>(
          `select count(*)::int as n from result r join department d on d.id = r.issuing_department_id
           where d.code = ? and r.file_key is not null`,
          [s.deptCode],
        )
      )[0]!.n;
    const pdfsBefore = await resultsWithPdf();
    const rows: Record<string, Record<string, number | string>> = {};
    const failures: string[] = [];
    for (const sc of scenarios) {
      const tally: Tally = sc.name === "result-push" ? pushTally : { ok: new Set(), samples: [] };
      if (WARMUP_SECONDS > 0) await run(sc, WARMUP_SECONDS, tally);
      const profileFile = process.env.BENCH_PROFILE?.replace(/(\.cpuprofile)?$/, `-${sc.name}.cpuprofile`);
      if (profileFile) await rpc("profile-start");
      const cpu0 = (await rpc("cpu")).cpu as NodeJS.CpuUsage;
      const machine0 = await machineCpu();
      const r = await run(sc, SECONDS, tally);
      const machine1 = await machineCpu();
      const cpu1 = (await rpc("cpu")).cpu as NodeJS.CpuUsage;
      if (profileFile) await rpc("profile-stop", { file: profileFile });
      const answered = r.requests.total;
      const bad = r.non2xx + r.errors;
      rows[sc.name] = {
        requests: answered,
        "req/s (mean)": +r.requests.average.toFixed(0),
        "p50 ms": r.latency.p50,
        "p99 ms": r.latency.p99,
        "non-2xx": r.non2xx,
        errors: r.errors,
        "server CPU ms/req": +((cpu1.user - cpu0.user + cpu1.system - cpu0.system) / 1000 / answered).toFixed(
          2,
        ),
        "machine busy %": machine0 && machine1 ? +machine1.busyPercent(machine0).toFixed(0) : "n/a",
      };
      if (answered === 0 || bad > MAX_FAIL_SHARE * answered) {
        failures.push(
          `${sc.name}: ${r.non2xx} non-2xx and ${r.errors} errors of ${answered} answers; status codes ${JSON.stringify(
            r.statusCodeStats,
          )}; first answers: ${tally.samples.join(" | ")}`,
        );
      }
    }

    console.log(
      `\nmachine: ${cpus().length} × ${cpus()[0]?.model.trim()}, node ${process.version}; ` +
        `knobs: BENCH_CASES=${CASES} BENCH_CONNECTIONS=${CONNECTIONS} BENCH_SECONDS=${SECONDS} ` +
        `BENCH_WARMUP_SECONDS=${WARMUP_SECONDS} BENCH_PDF_KB=${PDF_KB} DATABASE_POOL_MAX=${rt.env.DATABASE_POOL_MAX}`,
    );
    console.log(
      `set-up: ${CASES} open and ${PUSH_CASES} concluded cases in ${setupSeconds.toFixed(1)} s; ${pages.length} list pages of 50; rate limit raised ` +
        `from 600 to ${RATE_LIMIT} requests/min per client for the bench (the Redis limiter still runs)`,
    );
    console.table(rows);

    if (SCENARIOS.includes("result-push")) {
      // Pushes in flight when autocannon stopped still finish on the server: wait for them; then each result
      // PDF stored must be one push the server answered 2xx for, and every 2xx the client saw one of them.
      for (let i = 0; i < 100; i++) {
        const [row] = await sql<{ n: number }>(
          "select count(*)::int as n from idempotency_key where client_id = ? and status is null",
          [client.clientId],
        );
        if (row!.n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const withPdf = (await resultsWithPdf()) - pdfsBefore;
      const stored = await sql<{ key: string }>(
        "select key from idempotency_key where client_id = ? and status between 200 and 299",
        [client.clientId],
      );
      const storedKeys = new Set(stored.map((x) => x.key));
      const unseen = [...pushTally.ok].filter((k) => !storedKeys.has(k)).length;
      const inFlight = storedKeys.size - (pushTally.ok.size - unseen);
      console.log(
        `result pushes: ${pushTally.ok.size} answered 2xx to autocannon (warm-up included), ${inFlight} more ` +
          `finished on the server after autocannon stopped; result PDFs stored in the database: ${withPdf}; ` +
          `idempotency keys answered 2xx: ${storedKeys.size}`,
      );
      if (withPdf !== storedKeys.size || unseen > 0 || inFlight > CONNECTIONS * 2) {
        failures.push(
          `result accounting: ${withPdf} result PDFs, ${storedKeys.size} keys answered 2xx, ${pushTally.ok.size} 2xx seen, ` +
            `${unseen} 2xx without a stored answer`,
        );
      }
      if (pushes > s.concludedIds.length) {
        failures.push(
          `result-push: ${pushes} pushes for ${s.concludedIds.length} concluded cases; raise BENCH_PUSH_CASES`,
        );
      }
    }
    if (failures.length) {
      failed = true;
      console.error(
        `\nBENCH FAILED — fast answers that are not 2xx are not throughput:\n${failures.join("\n")}`,
      );
    }
  } finally {
    if (server) await server.rpc("close").catch(() => server?.child.kill());
    await rt.close();
    await rm(dataDir, { recursive: true, force: true });
    if (OWN_DB) await admin(`drop database if exists "${dbName}" with (force)`);
  }
  if (failed) process.exit(1);
}

await main();
