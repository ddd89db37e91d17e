import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  connectRedis,
  createJobsQueue,
  emitEvent,
  JobRegistry,
  jobIdFor,
  startWorker,
  systemClock,
} from "../../platform/index.ts";
import { submitCase } from "../cases/submit-case.ts";
import { issueResult } from "../results/issue-result.ts";
import {
  itemDefinition,
  makeDepartment,
  makeEnterprise,
  makePerson,
  makeServiceItem,
  personActor,
  unique,
} from "../testing/factories.ts";
import { closeTestOrm, testCtx, testOrm, testPii } from "../testing/test-env.ts";
import { createWebhookSubscription, retryWebhookDelivery } from "./manage-webhooks.ts";
import { verifyWebhookSignature, WEBHOOK_HEADERS } from "./signature.ts";
import type { WebhookEventType } from "./webhook.schema.ts";
import {
  sweepLostWebhookDeliveries,
  WEBHOOK_DELIVER_JOB,
  type WebhookConfig,
  type WebhookDeps,
  webhookJobs,
} from "./webhook-jobs.ts";

// Each test gets its own queue prefix, department and receiving server. Outbox rows are handed to the queue
// the way the relay does (same job names, ids and data) instead of running a relay, which would also claim
// the rows of other test files running at the same time.

const WORKER_PROCESS = fileURLToPath(new URL("./testing/delivery-worker-process.ts", import.meta.url));
let orm: MikroORM;
let redis: Redis;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  orm = await testOrm();
  redis = await connectRedis(process.env.REDIS_URL!);
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});
afterAll(async () => {
  await redis?.quit();
  await closeTestOrm();
});

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

/** A department system's endpoint: records every request and answers with `reply` (it may never answer). */
async function receiver(reply: (r: Received, n: number, res: ServerResponse) => void) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const r = { headers: req.headers, body };
      received.push(r);
      reply(r, received.length, res);
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received };
}

/** Job registry, queue and workers with a short backoff, as the environment would configure them. */
function world(cfg: Partial<Omit<WebhookConfig, "queue">> = {}) {
  const prefix = `test-wh-${crypto.randomUUID()}`;
  const queue: Queue = createJobsQueue(redis, prefix);
  const config = { queue, attempts: 3, backoffMs: 50, timeoutMs: 3000, allowLoopback: true, ...cfg };
  const registry = new JobRegistry<WebhookDeps>();
  for (const j of webhookJobs(config)) registry.register(j);
  const deps: WebhookDeps = { orm, pii: testPii(), clock: systemClock };
  const worker = (opts: { lockDuration?: number; stalledInterval?: number } = {}): Worker => {
    const connection = redis.duplicate();
    const w = startWorker({ registry, deps, connection, prefix, ...opts });
    cleanups.push(async () => {
      await w.close(true);
      connection.disconnect();
    });
    return w;
  };
  cleanups.push(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });
  /** Emits a domain event in a transaction and hands its outbox row to the queue as the relay would. */
  async function emit(topic: string, payload: Record<string, unknown>): Promise<string> {
    const id = await orm.em.fork().transactional(async (em) => {
      await emitEvent(em, topic, payload);
      await em.flush();
      const [row] = await em
        .getConnection()
        .execute(
          "select max(id)::text as id from outbox where topic = ?",
          [topic],
          "all",
          em.getTransactionContext(),
        );
      return String(row.id);
    });
    await handOver(id);
    return id;
  }
  async function handOver(eventId: string): Promise<void> {
    const [row] = await orm.em
      .fork()
      .getConnection()
      .execute("select topic, payload from outbox where id = ?", [eventId]);
    for (const j of registry.forTopic(row.topic)) {
      await queue.add(
        j.name,
        { eventId, topic: row.topic, payload: row.payload },
        { jobId: jobIdFor(eventId, j.name), attempts: 8, backoff: { type: "exponential", delay: 50 } },
      );
    }
  }
  return { prefix, queue, worker, emit, handOver };
}

async function subscribe(url: string, eventTypes: WebhookEventType[] = ["case.submitted"]) {
  const dept = await makeDepartment();
  const { subscription, secret } = await createWebhookSubscription(await testCtx(), {
    departmentCode: dept.code,
    url,
    eventTypes,
  });
  return { dept, subscription, secret };
}

interface DeliveryRow {
  id: string;
  event_id: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
}
async function deliveries(subscriptionId: string): Promise<DeliveryRow[]> {
  return orm.em
    .fork()
    .getConnection()
    .execute(
      `select id, event_id, status, attempts, last_status_code, last_error, next_attempt_at, delivered_at
       from webhook_delivery where subscription_id = ? order by created_at`,
      [subscriptionId],
    );
}

async function waitFor(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const submitted = (code: string) => ({
  caseId: crypto.randomUUID(),
  caseNo: `${code}-20260303-0001`,
  departmentCode: code,
});

describe("webhook delivery", () => {
  it("pushes a signed event the receiver verifies, and a replay outside five minutes is refused", async () => {
    const r = await receiver((_r, _n, res) => res.writeHead(204).end());
    const { dept, subscription, secret } = await subscribe(r.url);
    const w = world();
    w.worker();
    const payload = submitted(dept.code);
    const eventId = await w.emit("case.submitted", payload);
    await waitFor(async () => (await deliveries(subscription.id))[0]?.status === "delivered");

    const [got] = r.received;
    expect(got.headers[WEBHOOK_HEADERS.eventId]).toBe(eventId);
    expect(got.headers[WEBHOOK_HEADERS.eventType]).toBe("case.submitted");
    expect(JSON.parse(got.body)).toMatchObject({
      id: eventId,
      type: "case.submitted",
      department: dept.code,
      data: payload,
    });
    const ts = String(got.headers[WEBHOOK_HEADERS.timestamp]);
    const sig = String(got.headers[WEBHOOK_HEADERS.signature]);
    expect(verifyWebhookSignature(secret, ts, got.body, sig, new Date())).toEqual({ ok: true });
    const later = new Date(Number(ts) * 1000 + 6 * 60_000);
    expect(verifyWebhookSignature(secret, ts, got.body, sig, later)).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(verifyWebhookSignature("whsec_wrong", ts, got.body, sig, new Date()).ok).toBe(false);

    const [row] = await deliveries(subscription.id);
    expect(row).toMatchObject({ event_id: eventId, status: "delivered", attempts: 1, last_status_code: 204 });
    expect(r.received).toHaveLength(1);
  });

  it("retries a failing endpoint with backoff and logs each attempt until it succeeds", async () => {
    const r = await receiver((_r, n, res) => res.writeHead(n <= 2 ? 500 : 200).end());
    const { dept, subscription } = await subscribe(r.url);
    const w = world({ attempts: 5, backoffMs: 300 });
    w.worker();
    const eventId = await w.emit("case.submitted", submitted(dept.code));

    await waitFor(async () => (await deliveries(subscription.id))[0]?.attempts === 1);
    const failed = (await deliveries(subscription.id))[0];
    expect(failed).toMatchObject({ status: "pending", last_status_code: 500, last_error: "HTTP 500" });
    expect(failed.next_attempt_at).not.toBeNull();

    await waitFor(async () => (await deliveries(subscription.id))[0]?.status === "delivered");
    const [row] = await deliveries(subscription.id);
    expect(row).toMatchObject({ attempts: 3, last_status_code: 200, next_attempt_at: null });
    expect(r.received.map((x) => x.headers[WEBHOOK_HEADERS.eventId])).toEqual([eventId, eventId, eventId]);
  });

  it("makes a dead letter after the last attempt, and a retry sends it again with the same event id", async () => {
    let up = false;
    const r = await receiver((_r, _n, res) => res.writeHead(up ? 200 : 503).end());
    const { dept, subscription } = await subscribe(r.url);
    const w = world({ attempts: 3, backoffMs: 50 });
    w.worker();
    const eventId = await w.emit("case.submitted", submitted(dept.code));

    await waitFor(async () => (await deliveries(subscription.id))[0]?.status === "dead");
    const [dead] = await deliveries(subscription.id);
    expect(dead).toMatchObject({
      attempts: 3,
      last_status_code: 503,
      last_error: "HTTP 503",
      next_attempt_at: null,
    });
    await new Promise((res) => setTimeout(res, 300));
    expect(r.received).toHaveLength(3);

    up = true;
    await retryWebhookDelivery(await testCtx(), { deliveryId: dead.id });
    const [retry] = await orm.em
      .fork()
      .getConnection()
      .execute(
        "select id::text as id from outbox where topic = 'webhook.retry' and payload->>'deliveryId' = ?",
        [dead.id],
      );
    await w.handOver(retry.id);
    await waitFor(async () => (await deliveries(subscription.id))[0]?.status === "delivered");
    expect(r.received).toHaveLength(4);
    expect(r.received[3].headers[WEBHOOK_HEADERS.eventId]).toBe(eventId);
    await expect(retryWebhookDelivery(await testCtx(), { deliveryId: dead.id })).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
  });

  it("never delivers to a loopback address unless allowed: a dead letter saying why", async () => {
    const r = await receiver((_r, _n, res) => res.writeHead(204).end());
    const { dept, subscription } = await subscribe(r.url);
    const w = world({ allowLoopback: false });
    w.worker();
    await w.emit("case.submitted", submitted(dept.code));
    await waitFor(async () => (await deliveries(subscription.id))[0]?.status === "dead");
    expect((await deliveries(subscription.id))[0]).toMatchObject({
      attempts: 1,
      last_error: "接收地址指向本机或链路本地地址，不允许推送",
    });
    expect(r.received).toHaveLength(0);
  });

  it("refuses a host name that resolves to loopback as it connects, and connects to the address it checked", async () => {
    const r = await receiver((_r, _n, res) => res.writeHead(204).end());
    const port = new URL(r.url).port;
    // A name no real resolver knows: reaching the receiver proves the connection used the checked answer.
    const host = `hooks-${unique()}.dept.test`;
    const resolve = async (name: string) => (name === host ? [{ address: "127.0.0.1", family: 4 }] : []);

    const refused = await subscribe(`http://${host}:${port}/hooks`);
    const strict = world({ allowLoopback: false, resolve });
    strict.worker();
    await strict.emit("case.submitted", submitted(refused.dept.code));
    await waitFor(async () => (await deliveries(refused.subscription.id))[0]?.status === "dead");
    expect((await deliveries(refused.subscription.id))[0]).toMatchObject({
      attempts: 1,
      last_error: "接收地址指向本机或链路本地地址，不允许推送",
    });
    expect(r.received).toHaveLength(0);

    const allowed = await subscribe(`http://${host}:${port}/hooks`);
    const demo = world({ allowLoopback: true, resolve });
    demo.worker();
    await demo.emit("case.submitted", submitted(allowed.dept.code));
    await waitFor(async () => (await deliveries(allowed.subscription.id))[0]?.status === "delivered");
    expect(r.received).toHaveLength(1);
    expect(r.received[0].headers.host).toBe(`${host}:${port}`);
  });

  it("sweeps deliveries whose queue job was lost: re-adds the job, or makes a dead letter of one failed for good", async () => {
    const r = await receiver((_r, _n, res) => res.writeHead(204).end());
    const { dept, subscription } = await subscribe(r.url);
    const w = world();
    const cfg: WebhookConfig = { queue: w.queue, attempts: 3, backoffMs: 50, timeoutMs: 3000 };
    const deps: WebhookDeps = { orm, pii: testPii(), clock: systemClock };
    // Two deliveries due twenty minutes ago, as Redis would leave them after losing its data.
    const pending = async (eventId: string) => {
      const [row] = await orm.em
        .fork()
        .getConnection()
        .execute(
          `insert into webhook_delivery (id, subscription_id, event_id, event_type, body, status, attempts, round,
             created_at, updated_at)
           values (gen_random_uuid(), ?, ?, 'case.submitted', ?::jsonb, 'pending', 0, 0,
                   now() - interval '20 minutes', now() - interval '20 minutes')
           returning id::text as id`,
          [
            subscription.id,
            eventId,
            JSON.stringify({ id: eventId, type: "case.submitted", data: submitted(dept.code) }),
          ],
        );
      return row.id as string;
    };
    const lost = await pending(`lost-${unique()}`);
    const failed = await pending(`failed-${unique()}`);
    // The second one's job exists and has failed for good (a bad payload is never retried).
    await w.queue.add(
      WEBHOOK_DELIVER_JOB,
      { eventId: failed, topic: WEBHOOK_DELIVER_JOB, payload: { deliveryId: "not-a-uuid" } },
      { jobId: `wh-${failed}-0`, attempts: 1 },
    );
    w.worker();
    await waitFor(async () => (await w.queue.getJob(`wh-${failed}-0`))?.isFailed() ?? false);

    expect(await sweepLostWebhookDeliveries(cfg, deps)).toEqual({ requeued: 1, dead: 1 });
    await waitFor(
      async () => (await deliveries(subscription.id)).find((d) => d.id === lost)?.status === "delivered",
    );
    expect(r.received).toHaveLength(1);
    expect(r.received[0].headers[WEBHOOK_HEADERS.eventId]).toMatch(/^lost-/);
    const byId = new Map((await deliveries(subscription.id)).map((d) => [d.id, d]));
    expect(byId.get(failed)).toMatchObject({ status: "dead", last_error: "投递任务已终止" });
    // Nothing is left to sweep; a delivery that is only due soon is left to its job.
    expect(await sweepLostWebhookDeliveries(cfg, deps)).toEqual({ requeued: 0, dead: 0 });
  });

  it("re-delivers after a worker process is killed mid-delivery; the receiver de-duplicates by event id", async () => {
    const processed: string[] = [];
    let repeats = 0;
    const r = await receiver((got, n, res) => {
      const id = String(got.headers[WEBHOOK_HEADERS.eventId]);
      // The receiver processes each event once; a repeat is acknowledged without processing.
      if (processed.includes(id)) repeats++;
      else processed.push(id);
      if (n === 1) return; // processed, but the worker is killed before the answer reaches it
      res.writeHead(200).end();
    });
    const { dept, subscription } = await subscribe(r.url);
    const w = world({ attempts: 3, backoffMs: 50 });
    const child = spawn(process.execPath, ["--import", "tsx", WORKER_PROCESS, w.prefix], {
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    cleanups.push(async () => child.kill("SIGKILL"));
    await new Promise<void>((ok, fail) => {
      child.stdout!.on("data", (b: Buffer) => b.toString().includes("ready") && ok());
      child.once("exit", (code) => fail(new Error(`worker process exited (${code})`)));
    });
    const eventId = await w.emit("case.submitted", submitted(dept.code));
    await waitFor(() => r.received.length === 1);
    const exited = new Promise((ok) => child.once("exit", ok));
    child.kill("SIGKILL");
    await exited;
    expect((await deliveries(subscription.id))[0]).toMatchObject({ status: "pending", attempts: 0 });

    // Another worker finds the dead worker's job stalled once its lock expires and delivers it again.
    w.worker({ lockDuration: 1000, stalledInterval: 500 });
    await waitFor(async () => (await deliveries(subscription.id))[0]?.status === "delivered");
    expect(r.received.map((x) => x.headers[WEBHOOK_HEADERS.eventId])).toEqual([eventId, eventId]);
    expect(processed).toEqual([eventId]);
    expect(repeats).toBe(1);
  });

  it("finds the department of a case's own events from the case", async () => {
    const r = await receiver((_r, _n, res) => res.writeHead(200).end());
    const { dept, subscription } = await subscribe(r.url, ["case.submitted", "case.event"]);
    const item = await makeServiceItem(dept.code, {
      materials: itemDefinition(dept.code).materials.map((m) => ({ ...m, required: false })),
    });
    const rep = await makePerson();
    const ent = await makeEnterprise({ legalRepPersonId: rep.id });
    const applicant = personActor(rep.id, { actingFor: { enterpriseId: ent.id, role: "legal_rep" } });
    const c = await submitCase(await testCtx(applicant), {
      itemCode: item.code,
      applicant: { type: "enterprise", enterpriseId: ent.id },
      formData: { applicantName: "云港推送测试有限公司", contactPhone: "13912345678" },
    });
    const w = world();
    w.worker();
    const [filed] = await orm.em
      .fork()
      .getConnection()
      .execute(
        "select id::text as id from outbox where topic = 'case.submitted' and payload->>'caseId' = ?",
        [c.id],
      );
    await w.handOver(filed.id);
    // A flow event names only the case; the department comes from the case row.
    const step = await w.emit("case.event", {
      caseId: c.id,
      caseNo: c.caseNo,
      stage: "受理",
      action: "accept",
    });
    await waitFor(
      async () => (await deliveries(subscription.id)).filter((d) => d.status === "delivered").length === 2,
    );
    const bodies = r.received.map((x) => JSON.parse(x.body));
    expect(bodies.map((b) => [b.id, b.type]).sort()).toEqual(
      [
        [filed.id, "case.submitted"],
        [step, "case.event"],
      ].sort(),
    );
    expect(bodies.every((b) => b.department === dept.code && b.data.caseId === c.id)).toBe(true);
  });

  it("pushes an issued result to the issuing department", async () => {
    const r = await receiver((_r, _n, res) => res.writeHead(200).end());
    const { dept, subscription } = await subscribe(r.url, ["result.issued"]);
    const typeCode = `WH${unique()}`;
    await makeServiceItem(dept.code, {
      resultType: { code: typeCode, name: "推送测试许可证", validMonths: 12 },
    });
    const holder = await makePerson();
    const issued = await issueResult(await testCtx(), {
      resultTypeCode: typeCode,
      holder: { type: "person", personId: holder.id },
      data: {},
      validFrom: "2026-01-01",
    });
    const w = world();
    w.worker();
    const [event] = await orm.em
      .fork()
      .getConnection()
      .execute(
        "select id::text as id from outbox where topic = 'result.issued' and payload->>'resultId' = ?",
        [issued.id],
      );
    await w.handOver(event.id);
    await waitFor(async () => (await deliveries(subscription.id))[0]?.status === "delivered");
    expect(JSON.parse(r.received[0].body)).toMatchObject({
      id: event.id,
      type: "result.issued",
      department: dept.code,
      data: { resultId: issued.id, number: issued.number },
    });
  });

  it("sends only to active subscriptions of the event's department and type", async () => {
    const r = await receiver((_r, _n, res) => res.writeHead(200).end());
    const a = await subscribe(r.url, ["result.issued"]);
    const b = await subscribe(r.url);
    const w = world();
    w.worker();
    await w.emit("case.submitted", submitted(a.dept.code));
    const eventB = await w.emit("case.submitted", submitted(b.dept.code));
    await waitFor(async () => (await deliveries(b.subscription.id))[0]?.status === "delivered");
    expect(await deliveries(a.subscription.id)).toEqual([]);
    expect(r.received.map((x) => x.headers[WEBHOOK_HEADERS.eventId])).toEqual([eventB]);
  });
});
