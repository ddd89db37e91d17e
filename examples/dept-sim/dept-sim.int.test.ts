// The reference department system against the real server pieces: the identity service's client-credentials
// grant, /api/v1, and the webhook jobs on a worker, on the test database and Redis.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Queue, Worker } from "bullmq";
import * as oidc from "openid-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FORM, loadCalendar, makeWorld, submit } from "../../chain/workbench/testing/world.ts";
import { createApiClient } from "../../identity/index.ts";
import { createJobsQueue, jobIdFor, loadEnv, startWorker } from "../../platform/index.ts";
import { createHttpApp } from "../../portal/server/app.ts";
import { loadAppSource } from "../../portal/server/app-source.ts";
import { type IdentityService, startIdentity } from "../../portal/server/identity.ts";
import { bootRuntime, type Runtime } from "../../portal/server/runtime.ts";
import { createJobRegistry } from "../../portal/server/workers.ts";
import { signWebhook, submitCase } from "../../registry/index.ts";
import { itemDefinition, makeServiceItem, unique } from "../../registry/testing/factories.ts";
import { closeTestOrm, testCtx } from "../../registry/testing/test-env.ts";
import type { SimOptions } from "./options.ts";
import { type DeptSim, SIM_SCOPES, startDeptSim } from "./sim.ts";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const WEBHOOK_TOPICS = ["case.submitted", "case.event", "result.issued", "verification.resolved"];

let rt: Runtime;
let identity: IdentityService;
let server: Server;
let base: string;
let dataDir: string;
let closeSource: () => Promise<void>;
let queue: Queue;
let worker: Worker;
let registry: ReturnType<typeof createJobRegistry>;
const cleanups: (() => Promise<unknown>)[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dataDir = await mkdtemp(path.join(tmpdir(), "tongban-dept-sim-"));
  const prefix = `test-dept-sim-${crypto.randomUUID().slice(0, 8)}`;
  rt = await bootRuntime(
    loadEnv({
      ...process.env,
      DATA_DIR: dataDir,
      MIGRATE_ON_START: "false",
      PORT: String(port),
      PUBLIC_URL: base,
      QUEUE_PREFIX: prefix,
      // Short retries, as an operator would never set them, so that a refused push is retried at once.
      WEBHOOK_ATTEMPTS: "5",
      WEBHOOK_BACKOFF_MS: "100",
      WEBHOOK_TIMEOUT_MS: "5000",
    }),
  );
  await loadCalendar();
  identity = await startIdentity(rt);
  const source = await loadAppSource("vite");
  closeSource = source.close;
  server = createHttpApp(rt, source, identity).listen(port, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  // The application's job registry (the webhook fan-out and delivery jobs) on a worker of this test's queue.
  queue = createJobsQueue(rt.redis, prefix);
  registry = createJobRegistry(queue, rt.env);
  worker = startWorker({ registry, deps: rt, connection: rt.redis.duplicate(), prefix });
}, 120_000);

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

afterAll(async () => {
  await worker?.close();
  await queue?.obliterate({ force: true }).catch(() => {});
  await queue?.close();
  identity?.stop();
  await new Promise((r) => server?.close(r));
  await closeSource?.();
  await rt?.close();
  await rm(dataDir, { recursive: true, force: true });
  await closeTestOrm();
});

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return rt.orm.em.fork().getConnection().execute(query, params, "all");
}

/**
 * Hands the outbox rows concerning one department to the queue, as the relay does (same job names, ids and
 * data). A real relay would also claim the rows of test files running beside this one.
 */
function relayFor(departmentId: string, departmentCode: string) {
  let last = "0";
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const rows = await sql<{ id: string; topic: string; payload: Record<string, unknown> }>(
        `select o.id::text as id, o.topic, o.payload from outbox o
         where o.id > ?::bigint and o.topic in (${WEBHOOK_TOPICS.map(() => "?").join(", ")})
           and (o.payload->>'departmentCode' = ?
             or exists (select 1 from case_file c where c.id::text = o.payload->>'caseId' and c.department_id = ?)
             or exists (select 1 from result r where r.id::text = o.payload->>'resultId'
                          and r.issuing_department_id = ?))
         order by o.id`,
        [last, ...WEBHOOK_TOPICS, departmentCode, departmentId, departmentId],
      );
      for (const row of rows) {
        for (const j of registry.forTopic(row.topic)) {
          await queue.add(
            j.name,
            { eventId: row.id, topic: row.topic, payload: row.payload },
            { jobId: jobIdFor(row.id, j.name), attempts: 8, backoff: { type: "exponential", delay: 100 } },
          );
        }
        last = row.id;
      }
    } finally {
      busy = false;
    }
  }, 100);
  cleanups.push(async () => clearInterval(timer));
}

async function waitFor(check: () => boolean | Promise<boolean>, ms = 25_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A department world (its item issues no result of its own), an item that issues a result type, so the
 * department may push that type as a new result, and an item with its own result type issued at 办结, as the
 * seeded items have (受理 → 审查 → 决定 → 办结).
 */
async function department() {
  const w = await makeWorld();
  const resultType = `T_SIM_${unique()}`;
  await makeServiceItem(w.dept.code, {
    resultType: { code: resultType, name: "模拟许可证", validMonths: 12 },
  });
  const ownType = `T_OWN_${unique()}`;
  const ownItem = await makeServiceItem(w.dept.code, {
    resultType: { code: ownType, name: "模拟经营许可证", validMonths: 60 },
    materials: itemDefinition(w.dept.code).materials.map((m) => ({ ...m, required: false })),
    flowTemplate: {
      type: "promised",
      steps: [
        { code: "accept", name: "受理", role: "clerk", skippable: false },
        { code: "review", name: "审查", role: "reviewer", skippable: false },
        { code: "decide", name: "决定", role: "approver", skippable: false },
        { code: "conclude", name: "办结", role: "clerk", skippable: false },
      ],
    },
  });
  const sim = await createApiClient(rt.orm, {
    departmentCode: w.dept.code,
    name: "部门业务系统模拟器",
    scopes: SIM_SCOPES,
  });
  // A second system of the department, for the test's own look-ups through the API.
  const reader = await createApiClient(rt.orm, {
    departmentCode: w.dept.code,
    name: "核对用系统",
    scopes: ["cases:read", "results:read"],
  });
  const cfg = await oidc.discovery(
    new URL(identity.issuer),
    reader.clientId,
    reader.clientSecret,
    undefined,
    {
      execute: [oidc.allowInsecureRequests],
    },
  );
  const { access_token } = await oidc.clientCredentialsGrant(cfg, { scope: "cases:read results:read" });
  const get = async (p: string) => {
    const res = await fetch(`${base}/api/v1${p}`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(res.status, `GET ${p}`).toBe(200);
    return res.json();
  };
  return { w, resultType, ownType, ownItemCode: ownItem.code, sim, get };
}

/** A case of the item with its own result type, filed by the enterprise. */
async function submitOwn(d: Awaited<ReturnType<typeof department>>): Promise<string> {
  const c = await submitCase(await testCtx(d.w.entApplicant, new Date()), {
    itemCode: d.ownItemCode,
    applicant: { type: "enterprise", enterpriseId: d.w.ent.id },
    formData: FORM,
    materials: [],
  });
  return c.id;
}

function options(d: Awaited<ReturnType<typeof department>>, extra: Partial<SimOptions> = {}): SimOptions {
  return {
    department: d.w.dept.code,
    baseUrl: base,
    clientId: d.sim.clientId,
    clientSecret: d.sim.clientSecret,
    host: "127.0.0.1",
    port: 0,
    decision: "approve",
    resultType: d.resultType,
    pollSeconds: 0,
    unsubscribeOnExit: true,
    ...extra,
  };
}

async function start(opts: SimOptions, lines: string[]): Promise<DeptSim> {
  const sim = await startDeptSim(opts, (l) => lines.push(l));
  cleanups.push(() => sim.stop());
  return sim;
}

const statusOf = async (d: Awaited<ReturnType<typeof department>>, id: string) =>
  (await d.get(`/cases/${id}`)).status as string;

describe("the reference department system (dept-sim)", () => {
  it("takes a case filed while it was down and a pushed one to a conclusion with its PDF result", async () => {
    const d = await department();
    relayFor(d.w.dept.id, d.w.dept.code);
    const before = await submit(d.w, new Date());
    const lines: string[] = [];
    const statePath = path.join(dataDir, `state-${unique()}.json`);
    const sim = await start(options(d, { statePath }), lines);
    expect(lines.join("\n")).toContain("启动补拉：待处理办件 1 件");
    // Filed after the catch-up, with no polling: only the push can bring it to the simulator.
    const pushed = await submit(d.w, new Date(), "person");
    await waitFor(
      async () => (await statusOf(d, before)) === "concluded" && (await statusOf(d, pushed)) === "concluded",
    );
    await sim.idle();

    for (const [id, holder] of [
      [before, `holderUscc=${d.w.ent.uscc}`],
      [pushed, `holderIdNumber=${d.w.individual.idNumber}`],
    ]) {
      const c = await d.get(`/cases/${id}`);
      expect(c).toMatchObject({ status: "concluded", decision: { approve: true } });
      expect(c.acceptedAt).not.toBeNull();
      expect(c.concludedAt).not.toBeNull();
      const steps = c.events.map((e: { action: string }) => e.action);
      expect(steps).toEqual(expect.arrayContaining(["accept", "review", "decide", "conclude"]));
      const shared = await d.get(
        `/results?${holder}&caseNo=${encodeURIComponent(c.caseNo)}&purpose=${encodeURIComponent("核对回传结果")}`,
      );
      const mine = shared.results.filter((r: { caseId: string }) => r.caseId === id);
      expect(mine).toEqual([
        expect.objectContaining({
          resultTypeCode: d.resultType,
          issuingDepartment: expect.objectContaining({ code: d.w.dept.code }),
        }),
      ]);
      // The pushed PDF is what the result holds.
      const [row] = await sql<{ file_key: string }>("select file_key from result where id = ?", [mine[0].id]);
      const stat = await rt.storage.stat(row.file_key);
      expect(stat?.contentType).toBe("application/pdf");
    }
    // The push of the second case reached the simulator through the delivery jobs (the first case's event may
    // or may not be pushed too, depending on whether it was relayed before the subscription existed).
    const [delivered] = await sql<{ n: number }>(
      `select count(*)::int as n from webhook_delivery
       where subscription_id = ? and event_type = 'case.submitted' and status = 'delivered'
         and body->'data'->>'caseId' = ?`,
      [sim.subscriptionId, pushed],
    );
    expect(delivered.n).toBe(1);
    expect(sim.stats).toMatchObject({ results: 2, refused: 0 });
    const log = lines.join("\n");
    expect(log).toMatch(/受理 .+：v\d+ → v\d+/);
    expect(log).toContain("回传证照");
    // The state file keeps the subscription and the events seen, for a restart.
    const state = JSON.parse(await readFile(statePath, "utf8"));
    expect(state.seenEvents.length).toBeGreaterThan(0);
    expect(Object.keys(state.pushedResults).sort()).toEqual([before, pushed].sort());
  }, 60_000);

  it("puts its PDF onto the result an item of its own result type issues at 办结: one result, with the file", async () => {
    const d = await department();
    relayFor(d.w.dept.id, d.w.dept.code);
    const lines: string[] = [];
    // --result-type is for items without a result of their own: it must not add a second licence here.
    const sim = await start(options(d), lines);
    const id = await submitOwn(d);
    await waitFor(async () => {
      const c = await d.get(`/cases/${id}`);
      return c.status === "concluded" && c.results.some((r: { hasFile: boolean }) => r.hasFile);
    });
    await sim.idle();
    const c = await d.get(`/cases/${id}`);
    expect(c).toMatchObject({ status: "concluded", decision: { approve: true }, resultTypeCode: d.ownType });
    expect(c.events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["accept", "review", "decide", "conclude"]),
    );
    expect(c.results).toEqual([expect.objectContaining({ resultTypeCode: d.ownType, hasFile: true })]);
    const rows = await sql<{ number: string; result_type_code: string; file_key: string }>(
      "select number, result_type_code, file_key from result where case_id = ?",
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ number: c.results[0].number, result_type_code: d.ownType });
    expect((await rt.storage.stat(rows[0].file_key))?.contentType).toBe("application/pdf");
    expect(sim.stats).toMatchObject({ results: 1 });
    const log = lines.join("\n");
    expect(log).toContain(`上传证照 PDF ${rows[0].number}`);
    expect(log).not.toContain("回传证照");
  }, 60_000);

  it("processes a repeated delivery once, and refuses a bad signature or a stale timestamp with 401", async () => {
    const d = await department();
    const lines: string[] = [];
    const sim = await start(options(d), lines);
    const caseId = await submit(d.w, new Date());
    const { caseNo } = await d.get(`/cases/${caseId}`);
    const body = JSON.stringify({
      id: `9${unique()}`,
      type: "case.submitted",
      createdAt: new Date().toISOString(),
      department: d.w.dept.code,
      data: { caseId, caseNo, departmentCode: d.w.dept.code },
    });
    const post = (payload: string, secret: string, ts = Math.floor(Date.now() / 1000), sig?: string) =>
      fetch(sim.webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-tongban-timestamp": String(ts),
          "x-tongban-signature": sig ?? signWebhook(secret, ts, payload),
        },
        body: payload,
      });
    // A worker killed after the system answered re-delivers the same event: the second is acknowledged only.
    expect((await post(body, sim.secret)).status).toBe(202);
    expect((await post(body, sim.secret)).status).toBe(200);
    await waitFor(async () => (await statusOf(d, caseId)) === "concluded");
    await sim.idle();
    const [accepts] = await sql<{ n: number }>(
      "select count(*)::int as n from case_event where case_id = ? and action = 'accept'",
      [caseId],
    );
    expect(accepts.n).toBe(1);
    expect(sim.stats).toMatchObject({ received: 1, duplicates: 1 });

    const untouched = await submit(d.w, new Date(), "person");
    const other = JSON.stringify({
      id: `8${unique()}`,
      type: "case.submitted",
      createdAt: new Date().toISOString(),
      department: d.w.dept.code,
      data: { caseId: untouched, departmentCode: d.w.dept.code },
    });
    expect((await post(other, "whsec_not-the-secret")).status).toBe(401);
    expect((await post(other, sim.secret, Math.floor(Date.now() / 1000) - 600)).status).toBe(401);
    expect((await post(other, sim.secret, undefined, "v1=abc")).status).toBe(401);
    // The signature covers the body: the same headers over another body are refused.
    const ts = Math.floor(Date.now() / 1000);
    expect(
      (await post(other.replace(untouched, caseId), sim.secret, ts, signWebhook(sim.secret, ts, other)))
        .status,
    ).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    await sim.idle();
    expect(await statusOf(d, untouched)).toBe("submitted");
    expect(sim.stats).toMatchObject({ received: 1, refused: 4 });
  }, 60_000);

  it("runs as a program: usage errors exit with 2, and a run works through the open cases", async () => {
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
    const exitOf = (child: ReturnType<typeof run>) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        let out = "";
        let err = "";
        child.stdout!.on("data", (b) => {
          out += b;
        });
        child.stderr!.on("data", (b) => {
          err += b;
        });
        child.once("exit", (code) => resolve({ code, out, err }));
      });
    const bad = await exitOf(run(["--department", "ygsj", "--client-id", "x", "--client-secret", "y"]));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("部门编码应为 2-10 位大写字母");
    expect(bad.err).toContain("用法");

    const d = await department();
    const caseId = await submit(d.w, new Date());
    const child = run(
      [
        "--department",
        d.w.dept.code,
        "--base-url",
        base,
        "--result-type",
        d.resultType,
        "--poll",
        "0",
        "--unsubscribe-on-exit",
      ],
      { DEPT_SIM_CLIENT_ID: d.sim.clientId, DEPT_SIM_CLIENT_SECRET: d.sim.clientSecret },
    );
    const done = exitOf(child);
    cleanups.push(async () => child.kill("SIGKILL"));
    await waitFor(async () => (await statusOf(d, caseId)) === "concluded");
    // Let the last step's log line out before stopping it.
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGTERM");
    const { code, out } = await done;
    expect(code).toBe(0);
    expect(out).toContain("已登记推送订阅");
    expect(out).toContain("回传证照");
    expect(out).toContain("已删除推送订阅");
    const [subs] = await sql<{ n: number }>(
      "select count(*)::int as n from webhook_subscription where department_id = ?",
      [d.w.dept.id],
    );
    expect(subs.n).toBe(0);
  }, 60_000);
});
