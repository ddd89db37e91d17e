/**
 * Peer half of `npm run bench:chain`: the "竣工联合验收" chain written the way a team would with DBOS Transact
 * (@dbos-inc/dbos-sdk 5.x) instead of our business-chain engine.
 *
 * One DBOS workflow per chain instance. Stage 1 starts five child workflows (one per case: 规划核实, 消防验收,
 * 人防验收, 档案验收, 质量监督) in a fixed order and awaits them with Promise.all; the join is simply that await,
 * after which the stage-2 case (竣工验收备案) runs as one more child workflow, and a last step marks the instance
 * completed. A case workflow is one step that creates the case (one insert), then T transition steps, each one
 * PostgreSQL transaction: `update … set status, version = version + 1 where id and version` plus one
 * hash-chained event insert (sha256 of the previous hash + canonical JSON payload, computed in Node).
 *
 * Why child workflows: DBOS numbers a workflow's operations in call order, so five sequential chains of steps
 * interleaved by Promise.all inside one workflow would number their steps differently on replay. Starting child
 * workflows in a fixed order is DBOS's deterministic fan-out.
 *
 * Why `DBOS.runStep` over a pg Pool rather than a DBOS datasource transaction: the only Postgres datasource on
 * the registry, @dbos-inc/postgres-datasource 4.24.16, imports `checkSchemaInstallationPG` and
 * `createTransactionCompletionSchemaPG` from `@dbos-inc/dbos-sdk/datasource`, which 5.3.0 no longer exports, so
 * it fails at launch; @dbos-inc/nodepg-datasource (named in DBOS's docs) is not published. A step is
 * at-least-once (its checkpoint is written to the system database after the app transaction commits), so each
 * step is written to be idempotent on re-execution: creations are `on conflict do nothing`, and a transition
 * whose guarded update finds the version already advanced returns the event it finds at that sequence number.
 *
 * Everything lives in throwaway databases, dropped and recreated at start and dropped at the end (kept with
 * BENCH_KEEP=1): `tongban_bench_peer` (app tables) and
 * `tongban_bench_peer_dbos` (DBOS's system database). Standalone:
 *   node --import tsx bench/chain-peer-dbos.ts --instances 200 [--concurrency 8] [--transitions 4]
 */
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { DBOS } from "@dbos-inc/dbos-sdk";
import pg from "pg";
import { adminSql, machineCpu, percentile } from "./support.ts";

export interface PeerRun {
  name: string;
  instances: number;
  seconds: number;
  transitions: number;
  latenciesMs: number[] /* per transition */;
  /** Node's own CPU (user + system) over the measured phase, ms. */
  nodeCpuMs?: number;
  /** All cores' busy share over the measured phase (Linux /proc/stat), %. */
  machineBusyPercent?: number;
}

const APP_DB = "tongban_bench_peer";
const SYS_DB = "tongban_bench_peer_dbos";
const STAGE1 = ["规划核实", "消防验收", "人防验收", "档案验收", "质量监督"] as const;
const STAGE2 = "竣工验收备案";
const GENESIS = "0".repeat(64);

/** accept, review…, decide, conclude for T = 4; shorter or longer chains keep accept first and conclude last. */
function actionsFor(t: number): string[] {
  return Array.from({ length: t }, (_, i) =>
    i === t - 1 ? "conclude" : i === 0 ? "accept" : i === t - 2 ? "decide" : "review",
  );
}
const STATUS: Record<string, string> = {
  accept: "accepted",
  review: "reviewed",
  decide: "decided",
  conclude: "concluded",
};

/** JSON with object keys sorted at every level, so the hash does not depend on key order (jsonb reorders). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}
const chainHash = (prev: string, payload: unknown) =>
  createHash("sha256")
    .update(prev + canonical(payload))
    .digest("hex");

const dbUrl = (adminUrl: string, db: string) =>
  Object.assign(new URL(adminUrl), { pathname: `/${db}` }).toString();

const SCHEMA = `
create table chain_instance (
  id text primary key,
  status text not null,
  created_at timestamptz not null default clock_timestamp(),
  completed_at timestamptz
);
create table chain_case (
  id text primary key,
  instance_id text not null references chain_instance (id),
  stage int not null,
  kind text not null,
  status text not null,
  version int not null,
  created_at timestamptz not null default clock_timestamp(),
  unique (instance_id, kind)
);
create table chain_event (
  case_id text not null references chain_case (id),
  seq int not null,
  action text not null,
  payload jsonb not null,
  prev_hash text not null,
  hash text not null,
  at timestamptz not null default clock_timestamp(),
  primary key (case_id, seq)
);`;

async function tx<T>(pool: pg.Pool, f: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query("begin");
    const r = await f(c);
    await c.query("commit");
    return r;
  } catch (e) {
    await c.query("rollback").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

export async function runDbosPeer(o: {
  instances: number;
  concurrency: number;
  transitionsPerCase: number;
  adminUrl: string /* postgres://postgres@127.0.0.1:5432/postgres */;
}): Promise<PeerRun> {
  const T = o.transitionsPerCase;
  const actions = actionsFor(T);
  for (const db of [APP_DB, SYS_DB]) {
    await adminSql(o.adminUrl, `drop database if exists "${db}" with (force)`);
    await adminSql(o.adminUrl, `create database "${db}"`);
  }
  const pool = new pg.Pool({ connectionString: dbUrl(o.adminUrl, APP_DB), max: o.concurrency + 2 });
  await pool.query(SCHEMA);

  let latencies: number[] = [];

  // ---- steps (each an app-database transaction, idempotent if DBOS re-executes it) ----
  const createInstance = (id: string) =>
    pool.query("insert into chain_instance (id, status) values ($1, 'running') on conflict (id) do nothing", [
      id,
    ]);
  const createCase = (id: string, instanceId: string, stage: number, kind: string) =>
    pool.query(
      `insert into chain_case (id, instance_id, stage, kind, status, version)
       values ($1, $2, $3, $4, 'submitted', 0) on conflict (id) do nothing`,
      [id, instanceId, stage, kind],
    );
  const transition = (caseId: string, version: number, action: string, from: string, prev: string) =>
    tx(pool, async (c) => {
      const to = STATUS[action]!;
      const seq = version + 1;
      const payload = { caseId, seq, action, from, to };
      const hash = chainHash(prev, payload);
      const u = await c.query(
        "update chain_case set status = $1, version = version + 1 where id = $2 and version = $3",
        [to, caseId, version],
      );
      if (u.rowCount !== 1) {
        // A re-execution of a step whose first run committed but whose DBOS checkpoint was lost.
        const done = await c.query("select hash from chain_event where case_id = $1 and seq = $2", [
          caseId,
          seq,
        ]);
        if (done.rows[0]?.hash === hash) return { version: seq, status: to, hash };
        throw new Error(`case ${caseId}: version ${version} is stale`);
      }
      await c.query(
        "insert into chain_event (case_id, seq, action, payload, prev_hash, hash) values ($1, $2, $3, $4, $5, $6)",
        [caseId, seq, action, payload, prev, hash],
      );
      return { version: seq, status: to, hash };
    });
  const completeInstance = (id: string) =>
    pool.query(
      "update chain_instance set status = 'completed', completed_at = clock_timestamp() where id = $1 and status = 'running'",
      [id],
    );

  // ---- workflows ----
  const caseWorkflow = DBOS.registerWorkflow(
    async (instanceId: string, stage: number, kind: string) => {
      const caseId = `${instanceId}/${kind}`;
      await DBOS.runStep(() => createCase(caseId, instanceId, stage, kind), { name: "createCase" });
      let state = { version: 0, status: "submitted", hash: GENESIS };
      for (const action of actions) {
        const t0 = performance.now();
        const s = state;
        state = await DBOS.runStep(() => transition(caseId, s.version, action, s.status, s.hash), {
          name: action,
        });
        latencies.push(performance.now() - t0);
      }
      return state.status;
    },
    { name: "chainCase" },
  );
  const chainWorkflow = DBOS.registerWorkflow(
    async (instanceId: string) => {
      await DBOS.runStep(() => createInstance(instanceId), { name: "createInstance" });
      // Stage 1: five cases in parallel, started in a fixed order (deterministic child workflow IDs).
      const handles = [];
      for (const kind of STAGE1) {
        handles.push(
          await DBOS.startWorkflow(caseWorkflow, { workflowID: `${instanceId}/${kind}` })(
            instanceId,
            1,
            kind,
          ),
        );
      }
      // The join: stage 2 starts only once all five have concluded.
      await Promise.all(handles.map((h) => h.getResult()));
      await caseWorkflow(instanceId, 2, STAGE2);
      await DBOS.runStep(() => completeInstance(instanceId), { name: "completeInstance" });
    },
    { name: "chainInstance" },
  );

  DBOS.setConfig({
    name: "tongban-bench-peer",
    applicationVersion: "bench",
    systemDatabaseUrl: dbUrl(o.adminUrl, SYS_DB),
    logLevel: "warn",
  });
  await DBOS.launch();
  try {
    const run = async (prefix: string, count: number) => {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: o.concurrency }, async () => {
          while (next < count) {
            const id = `${prefix}${next++}`;
            const h = await DBOS.startWorkflow(chainWorkflow, { workflowID: id })(id);
            await h.getResult();
          }
        }),
      );
      return (performance.now() - t0) / 1000;
    };
    // Warm-up (JIT, pools), not counted but verified with the rest.
    await run("w", o.concurrency);
    latencies = [];
    const cpu0 = process.cpuUsage();
    const machine0 = await machineCpu();
    const seconds = await run("i", o.instances);
    const cpu = process.cpuUsage(cpu0);
    const machine1 = await machineCpu();

    await verify(pool, o.instances + o.concurrency, T);
    return {
      name: "DBOS Transact",
      instances: o.instances,
      seconds,
      transitions: o.instances * (STAGE1.length + 1) * T,
      latenciesMs: latencies,
      nodeCpuMs: (cpu.user + cpu.system) / 1000,
      machineBusyPercent: machine0 && machine1 ? machine1.busyPercent(machine0) : undefined,
    };
  } finally {
    await DBOS.shutdown({ deregister: true });
    await pool.end();
    // Like our side's database: dropped at the end unless BENCH_KEEP asks to inspect them.
    if (!process.env.BENCH_KEEP)
      for (const db of [APP_DB, SYS_DB])
        await adminSql(o.adminUrl, `drop database if exists "${db}" with (force)`);
  }
}

/** Throws unless every instance completed with 5 + 1 concluded cases, T chained events each, and a late join. */
async function verify(pool: pg.Pool, instances: number, t: number): Promise<void> {
  const problems: string[] = [];
  const q = async (sql: string) => (await pool.query(sql)).rows;
  const [inst] = await q(
    "select count(*)::int as n, count(*) filter (where status = 'completed')::int as done from chain_instance",
  );
  if (inst.n !== instances || inst.done !== instances)
    problems.push(`instances: ${inst.done}/${inst.n} completed, expected ${instances}`);
  const badStages = await q(`select i.id, count(c.*) filter (where c.stage = 1)::int as s1,
      count(c.*) filter (where c.stage = 2)::int as s2
    from chain_instance i left join chain_case c on c.instance_id = i.id group by i.id
    having count(c.*) filter (where c.stage = 1) <> 5 or count(c.*) filter (where c.stage = 2) <> 1`);
  if (badStages.length) problems.push(`${badStages.length} instances without exactly 5 + 1 cases`);
  const badCases = await q(`select c.id from chain_case c left join chain_event e on e.case_id = c.id
    group by c.id, c.status, c.version having count(e.*) <> ${t} or c.version <> ${t} or c.status <> 'concluded'`);
  if (badCases.length)
    problems.push(`${badCases.length} cases without ${t} events / concluded at version ${t}`);
  const earlyJoins = await q(`select s2.instance_id from chain_case s2
    join chain_case s1 on s1.instance_id = s2.instance_id and s1.stage = 1
    join chain_event e on e.case_id = s1.id
    where s2.stage = 2 group by s2.instance_id, s2.created_at having s2.created_at < max(e.at)`);
  if (earlyJoins.length) problems.push(`${earlyJoins.length} stage-2 cases created before stage 1 concluded`);
  let broken = 0;
  let prevCase = "";
  let prev = GENESIS;
  for (const e of await q(
    "select case_id, seq, payload, prev_hash, hash from chain_event order by case_id, seq",
  )) {
    if (e.case_id !== prevCase) [prevCase, prev] = [e.case_id, GENESIS];
    if (e.prev_hash !== prev || e.hash !== chainHash(prev, e.payload)) broken++;
    prev = e.hash;
  }
  if (broken) problems.push(`${broken} events break their case's hash chain`);
  if (problems.length) throw new Error(`DBOS peer run is incorrect: ${problems.join("; ")}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  const opts = {
    instances: arg("instances", 200),
    concurrency: arg("concurrency", 8),
    transitionsPerCase: arg("transitions", 4),
    adminUrl: process.env.ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  };
  const r = await runDbosPeer(opts);
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  console.table({
    [r.name]: {
      instances: r.instances,
      concurrency: opts.concurrency,
      "T per case": opts.transitionsPerCase,
      seconds: +r.seconds.toFixed(2),
      "instances/s": +(r.instances / r.seconds).toFixed(1),
      transitions: r.transitions,
      "transitions/s": +(r.transitions / r.seconds).toFixed(0),
      "p50 ms": +percentile(sorted, 50).toFixed(1),
      "p99 ms": +percentile(sorted, 99).toFixed(1),
      "node CPU ms/transition": +((r.nodeCpuMs ?? 0) / r.transitions).toFixed(2),
      "node CPU % of a core": +((r.nodeCpuMs ?? 0) / 10 / r.seconds).toFixed(0),
      "machine busy %": r.machineBusyPercent === undefined ? "n/a" : +r.machineBusyPercent.toFixed(0),
    },
  });
}
