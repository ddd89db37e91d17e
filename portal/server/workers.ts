import { purgeExpiredOidcPayloads } from "../../identity/index.ts";
import { createJobsQueue, JobRegistry, logger, OutboxRelay, startWorker } from "../../platform/index.ts";
import type { Runtime } from "./runtime.ts";

/** What job handlers receive: the shared runtime. */
export type JobDeps = Runtime;

/**
 * Every job of the application. Later capabilities (notifications, department push, supervision,
 * search indexing) register theirs here; events without subscribers are simply marked dispatched.
 */
export function createJobRegistry(): JobRegistry<JobDeps> {
  return new JobRegistry<JobDeps>();
}

/** Starts the outbox relay and the job worker; returns a stop function. */
export async function startWorkers(rt: Runtime): Promise<() => Promise<void>> {
  const registry = createJobRegistry();
  const queue = createJobsQueue(rt.redis, rt.env.QUEUE_PREFIX);
  const relay = new OutboxRelay({ orm: rt.orm, queue, registry, databaseUrl: rt.databaseUrl });
  await relay.start();
  const workerConnection = rt.redis.duplicate();
  const worker = startWorker({
    registry,
    deps: rt,
    connection: workerConnection,
    prefix: rt.env.QUEUE_PREFIX,
  });
  // Expired provider state (codes, sessions, tokens) is swept hourly; reads already ignore it.
  const sweep = setInterval(() => {
    purgeExpiredOidcPayloads(rt.orm).catch((e) => logger.warn({ err: String(e) }, "oidc sweep failed"));
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
