import { randomUUID } from "node:crypto";
import type { MikroORM } from "@mikro-orm/postgresql";
import { type Job, Queue, type Worker } from "bullmq";
import type { Redis } from "ioredis";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
// A platform test may use the registry's test ORM: it opens the migrated test database.
import { isolatedDatabase } from "../../registry/testing/isolated-database.ts";
import { closeTestOrm, testOrm } from "../../registry/testing/test-env.ts";
import { connectRedis } from "../queue/redis.ts";
import { emitEvent, OUTBOX_CHANNEL } from "./emit.ts";
import { JobRegistry, jobIdFor } from "./jobs.ts";
import { OutboxRelay, type QueuedJobData, type RelayOptions } from "./relay.ts";
import { createJobsQueue, JOBS_QUEUE, startWorker } from "./worker.ts";

// Other test files write outbox rows to the same table and a relay marks every pending row, so each
// test uses its own topics and its own BullMQ prefix and asserts only on those.

let orm: MikroORM;
let redis: Redis;
const queues: Queue[] = [];
const workers: Worker[] = [];
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  orm = await testOrm();
  redis = await connectRedis(process.env.REDIS_URL!);
});

afterEach(async () => {
  for (const r of relays.splice(0)) await r.stop();
  for (const w of workers.splice(0)) await w.close();
  for (const q of queues.splice(0)) {
    await q.obliterate({ force: true });
    await q.close();
  }
});

afterAll(async () => {
  await redis?.quit();
  await closeTestOrm();
});

interface Call {
  eventId: string;
  payload: unknown;
}

/** A fresh world for one test: unique topic, job name, queue prefix and a registry knowing only them. */
function setup(payloadSchema: z.ZodType = z.object({ n: z.number() })) {
  const tag = randomUUID().slice(0, 8);
  const topic = `test.outbox.${tag}`;
  const jobName = `test-job-${tag}`;
  const prefix = `test-${randomUUID()}`;
  const calls: Call[] = [];
  const registry = new JobRegistry<null>().register({
    name: jobName,
    topic,
    payload: payloadSchema,
    async handle(payload, ctx) {
      calls.push({ eventId: ctx.eventId, payload });
    },
  });
  const queue = createJobsQueue(redis, prefix);
  queues.push(queue);
  const relay = (extra: Partial<RelayOptions> = {}) =>
    new OutboxRelay({ orm, queue, registry, databaseUrl: process.env.DATABASE_URL!, ...extra });
  const worker = () => {
    const w = startWorker({ registry, deps: null, connection: redis, prefix });
    workers.push(w);
    return w;
  };
  return { topic, jobName, prefix, calls, registry, queue, relay, worker };
}

async function emit(topic: string, payloads: Record<string, unknown>[]): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    for (const p of payloads) await emitEvent(em, topic, p);
  });
}

async function rowsOf(topic: string): Promise<{ id: string; dispatched_at: string | null }[]> {
  return orm.em
    .fork()
    .getConnection()
    .execute("select id::text as id, dispatched_at from outbox where topic = ? order by outbox.id", [topic]);
}

async function jobCount(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

async function jobIds(queue: Queue): Promise<string[]> {
  return (await queue.getJobs()).map((j) => j.id!).sort();
}

/** Polls until `check` holds, failing after `ms`. */
async function waitFor(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("outbox", () => {
  it("writes nothing when the transaction rolls back", async () => {
    const w = setup();
    await expect(
      orm.em.fork().transactional(async (em) => {
        await emitEvent(em, w.topic, { n: 1 });
        await em.flush(); // the row really reaches the database before the rollback
        throw new Error("use case failed");
      }),
    ).rejects.toThrow("use case failed");

    expect(await rowsOf(w.topic)).toEqual([]);
    await w.relay().drainAll();
    expect(await jobCount(w.queue)).toBe(0);
  });

  it("enqueues one job per event and subscribed job, then the worker runs each once", async () => {
    const w = setup();
    const otherName = `${w.jobName}-audit`;
    const audited: string[] = [];
    w.registry.register({
      name: otherName,
      topic: w.topic,
      payload: z.object({ n: z.number() }),
      async handle(_p, ctx) {
        audited.push(ctx.eventId);
      },
    });
    await emit(w.topic, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    const pending = await rowsOf(w.topic);
    expect(pending).toHaveLength(3);
    expect(pending.every((r) => r.dispatched_at === null)).toBe(true);

    await w.relay().drainAll();

    const rows = await rowsOf(w.topic);
    expect(rows.every((r) => r.dispatched_at !== null)).toBe(true);
    const expected = rows.flatMap((r) => [jobIdFor(r.id, w.jobName), jobIdFor(r.id, otherName)]).sort();
    expect(await jobIds(w.queue)).toEqual(expected);
    const first = (await w.queue.getJob(jobIdFor(rows[0].id, w.jobName))) as Job<QueuedJobData>;
    expect(first.name).toBe(w.jobName);
    expect(first.data).toEqual({ eventId: rows[0].id, topic: w.topic, payload: { n: 1 } });

    w.worker();
    await waitFor(() => w.calls.length >= 3 && audited.length >= 3);
    await sleep(300);
    expect(w.calls.map((c) => c.eventId).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(w.calls.map((c) => c.payload)).toEqual(expect.arrayContaining([{ n: 1 }, { n: 2 }, { n: 3 }]));
    expect(audited.sort()).toEqual(rows.map((r) => r.id).sort());
    await waitFor(async () => (await w.queue.getJobCounts("completed")).completed === 6);
  });

  it("re-enqueues after a relay crash without duplicating jobs", async () => {
    const w = setup();
    w.worker();
    await emit(w.topic, [{ n: 1 }, { n: 2 }, { n: 3 }]);

    // A large batch so that pending rows of other test files cannot push ours out of it.
    const crashing = w.relay({
      batchSize: 100_000,
      afterEnqueue: () => {
        throw new Error("crash");
      },
    });
    await expect(crashing.drainOnce()).rejects.toThrow("crash");

    const afterCrash = await rowsOf(w.topic);
    expect(afterCrash.every((r) => r.dispatched_at === null)).toBe(true);
    const expected = afterCrash.map((r) => jobIdFor(r.id, w.jobName)).sort();
    expect(await jobIds(w.queue)).toEqual(expected);
    // The jobs run while their rows are still pending, so the re-add below meets completed jobs.
    await waitFor(async () => (await w.queue.getJobCounts("completed")).completed === 3);

    await w.relay().drainAll();

    expect((await rowsOf(w.topic)).every((r) => r.dispatched_at !== null)).toBe(true);
    expect(await jobIds(w.queue)).toEqual(expected);
    expect(await jobCount(w.queue)).toBe(3);
    await sleep(300);
    expect(w.calls.map((c) => c.eventId).sort()).toEqual(afterCrash.map((r) => r.id).sort());
  });

  it("lets two relays drain concurrently, each event enqueued exactly once", async () => {
    const w = setup();
    const added: string[] = [];
    // A real queue that records what each relay adds, to see duplicates BullMQ would hide.
    class RecordingQueue extends Queue {
      override addBulk(jobs: Parameters<Queue["addBulk"]>[0]) {
        for (const j of jobs) added.push(j.opts!.jobId!);
        return super.addBulk(jobs);
      }
    }
    const recording = () => {
      const q = new RecordingQueue(JOBS_QUEUE, { connection: redis, prefix: w.prefix });
      queues.push(q);
      return q;
    };
    await emit(
      w.topic,
      Array.from({ length: 200 }, (_, n) => ({ n })),
    );

    const a = w.relay({ queue: recording(), batchSize: 20 });
    const b = w.relay({ queue: recording(), batchSize: 20 });
    await Promise.all([a.drainAll(), b.drainAll()]);

    const rows = await rowsOf(w.topic);
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.dispatched_at !== null)).toBe(true);
    const expected = rows.map((r) => jobIdFor(r.id, w.jobName)).sort();
    expect([...added].sort()).toEqual(expected);
    expect(await jobIds(w.queue)).toEqual(expected);
  });

  it("polls for rows that came without a NOTIFY", async () => {
    const w = setup();
    const relay = w.relay({ pollMs: 100 });
    relays.push(relay);
    await relay.start();
    // Written straight into the table, as a restored backup or a manual fix would be: no pg_notify.
    await orm.em
      .fork()
      .getConnection()
      .execute("insert into outbox (topic, payload, created_at) values (?, ?::jsonb, now())", [
        w.topic,
        JSON.stringify({ n: 7 }),
      ]);
    await waitFor(async () => (await jobCount(w.queue)) === 1, 3_000);
    const [row] = await rowsOf(w.topic);
    expect(await jobIds(w.queue)).toEqual([jobIdFor(row.id, w.jobName)]);
  });

  it("fails a job with a bad payload without retrying it", async () => {
    const w = setup(z.object({ n: z.number() }));
    await emit(w.topic, [{ n: "not a number" }]);
    await w.relay().drainAll();
    const [row] = await rowsOf(w.topic);
    const id = jobIdFor(row.id, w.jobName);
    expect((await w.queue.getJob(id))?.opts.attempts).toBeGreaterThan(1);

    w.worker();
    await waitFor(async () => (await w.queue.getJobState(id)) === "failed");
    const job = (await w.queue.getJob(id))!;
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/bad payload/);
    await sleep(300);
    expect(await w.queue.getJobState(id)).toBe("failed");
    expect(w.calls).toEqual([]);
  });

  it("refuses to emit outside a transaction", async () => {
    const w = setup();
    await expect(emitEvent(orm.em.fork(), w.topic, { n: 1 })).rejects.toThrow(/em\.transactional/);
    expect(await rowsOf(w.topic)).toEqual([]);
  });
});

// The wake-up depends on the whole outbox being empty, which the shared test database never is (other files
// write rows that no relay drains), so these run in a database of their own.
describe("outbox wake-up", () => {
  let db: Awaited<ReturnType<typeof isolatedDatabase>>;
  let listener: pg.Client;
  let notified = 0;

  beforeAll(async () => {
    db = await isolatedDatabase("outbox_wakeup");
    listener = new pg.Client({ connectionString: db.url });
    listener.on("notification", () => notified++);
    await listener.connect();
    await listener.query(`listen ${OUTBOX_CHANNEL}`);
  });
  afterAll(async () => {
    await listener?.end();
    await db?.close();
  });

  const emitHere = (topic: string, n: number) =>
    db.orm.em.fork().transactional((em) => emitEvent(em, topic, { n }));
  const pendingHere = async () =>
    (
      await db.orm.em
        .fork()
        .getConnection()
        .execute<{ n: number }[]>("select count(*)::int as n from outbox where dispatched_at is null")
    )[0].n;

  it("wakes an idle relay on NOTIFY instead of waiting for the poll", async () => {
    const w = setup();
    const relay = new OutboxRelay({
      orm: db.orm,
      queue: w.queue,
      registry: w.registry,
      databaseUrl: db.url,
      pollMs: 60_000,
    });
    relays.push(relay);
    await relay.start();
    // Wait for the start-up drain to end, so that only a NOTIFY can pick up the next event.
    const idle = relay as unknown as { draining: Promise<void> | null };
    await waitFor(() => idle.draining === null);

    const t0 = Date.now();
    await emitHere(w.topic, 42);
    await waitFor(async () => (await jobCount(w.queue)) === 1, 3_000);
    expect(Date.now() - t0).toBeLessThan(2_000);
    await waitFor(async () => (await pendingHere()) === 0, 3_000);

    // A stopped relay no longer moves events.
    await relay.stop();
    await emitHere(w.topic, 43);
    await sleep(300);
    expect(await jobCount(w.queue)).toBe(1);
    // Leave the outbox empty for the next test.
    await db.orm.em.fork().getConnection().execute("update outbox set dispatched_at = now()");
  });

  it("sends no NOTIFY while events are pending, one when the outbox is empty", async () => {
    const topic = `test.outbox.${randomUUID().slice(0, 8)}`;
    expect(await pendingHere()).toBe(0);
    notified = 0;
    await emitHere(topic, 1);
    await waitFor(() => notified === 1, 3_000);
    // The first row is still pending (no relay runs): a draining relay needs no wake-up, so nobody sends one.
    await emitHere(topic, 2);
    await emitHere(topic, 3);
    await sleep(300);
    expect(notified).toBe(1);
    expect(await pendingHere()).toBe(3);
    // Drained: the next event notifies again.
    await db.orm.em.fork().getConnection().execute("update outbox set dispatched_at = now()");
    await emitHere(topic, 4);
    await waitFor(() => notified === 2, 3_000);
  });
});
