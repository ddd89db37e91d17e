import type { Queue } from "bullmq";
import { z } from "zod";
import { sweepExpiredDeficiencies } from "../../chain/index.ts";
import { purgeExpiredOidcPayloads } from "../../identity/index.ts";
import {
  createJobsQueue,
  JobRegistry,
  logger,
  OutboxRelay,
  SCHEDULED_TOPIC,
  scheduleRecurringJob,
  startWorker,
  type TEnv,
} from "../../platform/index.ts";
import {
  purgeIdempotencyKeys,
  SYSTEM,
  WEBHOOK_SWEEP_EVERY_MS,
  WEBHOOK_SWEEP_JOB,
  webhookJobs,
} from "../../registry/index.ts";
import type { Runtime } from "./runtime.ts";

/** 容缺 materials are due by date; a sweep every 15 minutes terminates the cases whose date has passed. */
const SWEEP_DEFICIENCIES = "case.sweep-deficiencies";
const SWEEP_EVERY_MS = 15 * 60_000;

/** What job handlers receive: the shared runtime. */
export type JobDeps = Runtime;

/**
 * Every job of the application. Later capabilities (notifications, department push, supervision,
 * search indexing) register theirs here; events without subscribers are simply marked dispatched.
 */
export function createJobRegistry(queue: Queue, env: TEnv): JobRegistry<JobDeps> {
  const registry = new JobRegistry<JobDeps>().register({
    name: SWEEP_DEFICIENCIES,
    topic: SCHEDULED_TOPIC,
    payload: z.object({}),
    async handle(_payload, _ctx, rt) {
      const out = await sweepExpiredDeficiencies({
        em: rt.orm.em.fork(),
        actor: SYSTEM,
        now: rt.clock.now(),
        pii: rt.pii,
      });
      if (out.terminated || out.conflicts || out.failed) logger.info(out, "deficiency sweep");
    },
  });
  const webhooks = { queue, attempts: env.WEBHOOK_ATTEMPTS, backoffMs: env.WEBHOOK_BACKOFF_MS };
  const delivery = { timeoutMs: env.WEBHOOK_TIMEOUT_MS, allowLoopback: env.WEBHOOK_ALLOW_LOOPBACK };
  for (const job of webhookJobs({ ...webhooks, ...delivery })) registry.register(job);
  return registry;
}

/** Starts the outbox relay and the job worker; returns a stop function. */
export async function startWorkers(rt: Runtime): Promise<() => Promise<void>> {
  const queue = createJobsQueue(rt.redis, rt.env.QUEUE_PREFIX);
  const registry = createJobRegistry(queue, rt.env);
  const relay = new OutboxRelay({ orm: rt.orm, queue, registry, databaseUrl: rt.databaseUrl });
  await relay.start();
  await scheduleRecurringJob(queue, SWEEP_DEFICIENCIES, SWEEP_EVERY_MS);
  // Webhook deliveries whose queue job was lost (Redis without persistence) are found and sent again.
  await scheduleRecurringJob(queue, WEBHOOK_SWEEP_JOB, WEBHOOK_SWEEP_EVERY_MS);
  const workerConnection = rt.redis.duplicate();
  const worker = startWorker({
    registry,
    deps: rt,
    connection: workerConnection,
    prefix: rt.env.QUEUE_PREFIX,
  });
  // Expired provider state (codes, sessions, tokens) and API idempotency keys past their replay window are
  // swept hourly; reads already ignore the former.
  const sweep = setInterval(() => {
    purgeExpiredOidcPayloads(rt.orm).catch((e) => logger.warn({ err: String(e) }, "oidc sweep failed"));
    purgeIdempotencyKeys(rt.orm.em.fork(), rt.clock.now()).catch((e) =>
      logger.warn({ err: String(e) }, "idempotency sweep failed"),
    );
  }, 3_600_000);
  sweep.unref();
  logger.info({ jobs: registry.names() }, "workers started");
  return async () => {
    clearInterval(sweep);
    await relay.stop();
    await worker.close();
    await queue.close();
    workerConnection.disconnect();
  };
}
