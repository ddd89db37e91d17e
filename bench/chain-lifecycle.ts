/**
 * `npm run bench:chain`: 竣工联合验收 chain instances through the business-chain engine on a real PostgreSQL,
 * then the same workload on a peer a team might pick instead (DBOS Transact, bench/chain-peer-dbos.ts), and the
 * ratio.
 *
 * Our side: a database of its own (tongban_bench_chain, dropped at the end) with the demo city's structure and
 * chains. Each instance is one 一表申请 (submitChainApplication files the five inspection cases), then each of
 * the five cases runs its flow in parallel (受理 → [现场核查] → 审查 → 决定 → 办结: 5 or 4 transitions) — the last
 * conclusion starts 竣工验收备案 with the five results attached — and that case runs its 4. A transition is one
 * performCaseAction; a conclusion in a chain also advances the chain under its row lock in the same
 * transaction. Knobs: BENCH_INSTANCES (300), BENCH_CONCURRENCY (8 instances at a time), BENCH_POOL (connections;
 * the app's default pool of 10 when unset), BENCH_PEER (dbos | none); BENCH_PROFILE=file.cpuprofile profiles our
 * measured phase.
 */
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { performance } from "node:perf_hooks";
import { performCaseAction, runCaseAction, submitChainApplication } from "../chain/index.ts";
import { createPiiCipher, migrateUp, OutboxEvent, openOrm } from "../platform/index.ts";
import {
  type Actor,
  type Ctx,
  loadCaseForFlow,
  loadCurrentChain,
  makeIdNumber,
  makeUscc,
  registerEnterprise,
  registerPerson,
  registryEntities,
  registryMigrations,
  SYSTEM,
  seedDemoCity,
} from "../registry/index.ts";
import { fillForm, prng } from "../registry/seed/form-filler.ts";
import { adminSql, benchIdNumber, percentile, postgresCpuSeconds, speedProbeMs } from "./support.ts";

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PEER = process.env.BENCH_PEER ?? "dbos";
const URL_ = new URL(
  process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/tongban_bench_chain",
);
const ADMIN_URL = Object.assign(new URL(URL_), { pathname: "/postgres" }).toString();
// Monday 2026-11-23, a working day; every action happens "now".
const NOW = new Date("2026-11-23T02:00:00Z");

const admin = (sql: string) => adminSql(ADMIN_URL, sql);

/** Runs `f` over 0..count-1 with `width` workers; returns the seconds taken. */
async function pool(count: number, width: number, f: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await f(next++);
    }),
  );
  return (performance.now() - t0) / 1000;
}

export interface ChainRun {
  name: string;
  instances: number;
  seconds: number;
  transitions: number;
  latenciesMs: number[];
  cpuMsPerTransition: number;
  /** PostgreSQL's CPU per transition over the measured phase (Linux only). */
  pgCpuMsPerTransition: number | null;
}

async function runTongban(): Promise<ChainRun> {
  const dbName = URL_.pathname.slice(1);
  await admin(`drop database if exists "${dbName}" with (force)`);
  await admin(`create database "${dbName}"`);
  const orm = await openOrm({
    clientUrl: URL_.toString(),
    entities: [OutboxEvent, ...registryEntities],
    migrations: registryMigrations,
    // The app's own pool (openOrm's default) unless BENCH_POOL says otherwise.
    ...(process.env.BENCH_POOL ? { poolMax: Number(process.env.BENCH_POOL) } : {}),
  });
  const pii = createPiiCipher({ encKey: randomBytes(32), hmacKey: randomBytes(32) });
  const ctx = (actor: Actor = SYSTEM): Ctx => ({ em: orm.em.fork(), actor, now: NOW, pii });
  try {
    await migrateUp(orm);
    await seedDemoCity(ctx(), { historicalCases: 0, runCaseAction });
    const { definition: def } = await loadCurrentChain(orm.em.fork(), "YJS-JGYS");
    const required = def.materials.filter((m) => m.required).map((m) => m.code);
    let n = 0;
    const person = async (name: string) =>
      (
        await registerPerson(ctx(), {
          name,
          idNumber: benchIdNumber(n++),
          phone: null,
          address: "云港市测试路 1 号",
          realNameLevel: 2,
        })
      ).id;
    const staff = new Map<string, Actor>();
    for (const item of Object.values(def.items)) {
      if (staff.has(item.departmentId)) continue;
      staff.set(item.departmentId, {
        type: "person",
        personId: await person("基准工作人员"),
        name: "基准工作人员",
        staff: { departmentId: item.departmentId, roles: ["clerk", "reviewer", "approver"] },
      });
    }
    const sql = (q: string, p: unknown[]) => orm.em.fork().getConnection().execute(q, p, "all");
    const applicants: {
      actor: Actor;
      enterpriseId: string;
      uscc: string;
      materials: Record<string, string>;
    }[] = [];
    for (let i = 0; i < 40; i++) {
      const rep = await person("基准法人");
      const uscc = makeUscc(`91320999${String(100000000 + i * 7919).slice(-9)}`);
      const e = await registerEnterprise(ctx(), {
        uscc,
        name: `云港基准置业有限公司${"甲乙丙丁戊己庚辛壬癸"[i % 10]}${"子丑寅卯辰巳午未申酉"[Math.floor(i / 10)]}`,
        type: "有限责任公司",
        legalRepPersonId: rep,
        address: "云港市港城区港湾大道 66 号",
        registeredCapitalYuan: 10_000_000,
        businessScope: "房地产开发经营",
        establishedOn: "2020-05-18",
      });
      const materials: Record<string, string> = {};
      for (const code of required) {
        const id = crypto.randomUUID();
        await sql(
          `insert into material (id, lineage_id, version, owner_type, owner_enterprise_id, requirement_code, title,
             object_key, sha256, size, mime_type, trust_level, uploaded_by_id, created_at)
           values (?, gen_random_uuid(), 1, 'enterprise', ?, ?, ?, 'bench/sample.pdf', repeat('c', 64), 100,
                   'application/pdf', 'C', ?, now())`,
          [id, e.id, code, code, rep],
        );
        materials[code] = id;
      }
      applicants.push({
        actor: {
          type: "person",
          personId: rep,
          name: "基准法人",
          actingFor: { enterpriseId: e.id, role: "legal_rep" },
        },
        enterpriseId: e.id,
        uscc,
        materials,
      });
    }

    const latencies: number[] = [];
    let transitions = 0;
    // The flow steps of each item, read once (a case the chain files starts at version 1).
    const steps = new Map<string, { code: string }[]>();
    const stepsOf = async (caseId: string, itemCode: string) => {
      let st = steps.get(itemCode);
      if (!st) {
        st = (await loadCaseForFlow(orm.em.fork(), caseId)).itemDefinition.flowTemplate.steps;
        steps.set(itemCode, st);
      }
      return st;
    };
    /** One case from 受理 to 办结, each action timed. */
    const handle = async (caseId: string, itemCode: string) => {
      const actor = staff.get(def.items[itemCode].departmentId) as Actor;
      const flowSteps = await stepsOf(caseId, itemCode);
      let version = 1;
      const act = async (action: { type: string } & Record<string, unknown>) => {
        const t0 = performance.now();
        const out = await performCaseAction(ctx(actor), {
          caseId,
          action: action as never,
          expectedVersion: version,
        });
        latencies.push(performance.now() - t0);
        transitions++;
        version = out.version;
      };
      await act({ type: "accept" });
      for (const st of flowSteps.slice(1)) {
        if (st.code === "decide") await act({ type: "decide", approve: true, reasons: "验收合格，准予通过" });
        else if (st.code === "conclude") await act({ type: "conclude" });
        else await act({ type: "review", pass: true, opinion: "符合要求" });
      }
    };
    const instance = async (i: number) => {
      const a = applicants[i % applicants.length];
      const formData = fillForm(
        def.formSchema,
        {
          personName: "基准法人",
          idNumber: makeIdNumber("320999", "19800101", i % 1000),
          phone: "13912345678",
          address: "云港市港城区港湾大道 66 号",
          enterprise: {
            name: "云港基准置业有限公司",
            uscc: a.uscc,
            legalRepName: "基准法人",
            address: "云港市港城区港湾大道 66 号",
            type: "有限责任公司",
          },
        },
        prng(i + 1),
        "2026-11-23",
      );
      const filed = await submitChainApplication(ctx(a.actor), {
        chainCode: "YJS-JGYS",
        applicant: { type: "enterprise", enterpriseId: a.enterpriseId },
        formData,
        materials: required.map((code) => ({ requirementCode: code, materialId: a.materials[code] })),
      });
      await Promise.all(filed.cases.map((c) => handle(c.caseId, c.itemCode)));
      const [next] = await sql(
        "select id from case_file where chain_instance_id = ? and chain_stage = 'record'",
        [filed.instanceId],
      );
      if (!next) throw new Error(`instance ${filed.instanceNo}: the next stage was not started`);
      await handle(next.id as string, def.stages[1].items[0]);
    };

    await pool(CONCURRENCY, CONCURRENCY, instance); // warm-up: JIT, pools, caches
    latencies.length = 0;
    transitions = 0;
    const profiler = process.env.BENCH_PROFILE ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    const cpu0 = process.cpuUsage();
    const pg0 = await postgresCpuSeconds();
    const seconds = await pool(INSTANCES, CONCURRENCY, instance);
    const cpu = process.cpuUsage(cpu0);
    const pg1 = await postgresCpuSeconds();
    if (profiler) {
      const { profile } = await profiler.post("Profiler.stop");
      await writeFile(process.env.BENCH_PROFILE as string, JSON.stringify(profile));
      profiler.disconnect();
    }
    const [check] = await sql(
      `select count(*) filter (where status = 'completed')::int as completed, count(*)::int as total,
              (select count(*)::int from case_file where chain_stage = 'record') as record
       from chain_instance`,
      [],
    );
    if (check.completed !== check.total || check.record !== check.total)
      throw new Error(`not every instance completed exactly once: ${JSON.stringify(check)}`);
    return {
      name: "Tongban chain engine",
      instances: INSTANCES,
      seconds,
      transitions,
      latenciesMs: latencies,
      cpuMsPerTransition: (cpu.user + cpu.system) / 1000 / transitions,
      pgCpuMsPerTransition: pg0 === null || pg1 === null ? null : ((pg1 - pg0) * 1000) / transitions,
    };
  } finally {
    await orm.close();
    if (!process.env.BENCH_KEEP) await admin(`drop database if exists "${dbName}" with (force)`);
  }
}

function row(r: {
  name: string;
  instances: number;
  seconds: number;
  transitions: number;
  latenciesMs: number[];
}) {
  const sorted = [...r.latenciesMs].sort((x, y) => x - y);
  return {
    instances: r.instances,
    seconds: +r.seconds.toFixed(2),
    "instances/s": +(r.instances / r.seconds).toFixed(1),
    transitions: r.transitions,
    "transitions/s": +(r.transitions / r.seconds).toFixed(0),
    "p50 ms": +percentile(sorted, 50).toFixed(1),
    "p99 ms": +percentile(sorted, 99).toFixed(1),
  };
}

async function main() {
  const probe = speedProbeMs();
  const ours = await runTongban();
  const table: Record<
    string,
    ReturnType<typeof row> & { "node CPU ms/transition"?: number; "pg CPU ms/transition"?: number }
  > = {
    [ours.name]: {
      ...row(ours),
      "node CPU ms/transition": +ours.cpuMsPerTransition.toFixed(2),
      ...(ours.pgCpuMsPerTransition === null
        ? {}
        : { "pg CPU ms/transition": +ours.pgCpuMsPerTransition.toFixed(2) }),
    },
  };
  if (PEER === "dbos") {
    const { runDbosPeer } = await import("./chain-peer-dbos.ts");
    const peer = await runDbosPeer({
      instances: INSTANCES,
      concurrency: CONCURRENCY,
      transitionsPerCase: Math.round(ours.transitions / INSTANCES / 6),
      adminUrl: ADMIN_URL,
    });
    table[peer.name] = {
      ...row(peer),
      ...(peer.nodeCpuMs === undefined
        ? {}
        : { "node CPU ms/transition": +(peer.nodeCpuMs / peer.transitions).toFixed(2) }),
    };
    console.table(table);
    const ratio = ours.transitions / ours.seconds / (peer.transitions / peer.seconds);
    console.log(`ratio (transitions/s, Tongban ÷ peer): ${ratio.toFixed(2)}×`);
  } else {
    console.table(table);
  }
  console.log(
    `machine speed probe: ${probe.toFixed(0)} ms before the run, ${speedProbeMs().toFixed(0)} ms after (a fixed JavaScript workload; lower is faster)`,
  );
}

await main();
