import { type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { logger } from "../logger/logger.ts";
import type { JobRegistry } from "./jobs.ts";
import type { QueuedJobData } from "./relay.ts";

/** The one queue all jobs go through; its name is fixed, the Redis key prefix comes from QUEUE_PREFIX. */
export const JOBS_QUEUE = "jobs";

export function createJobsQueue(connection: Redis, prefix: string): Queue {
  return new Queue(JOBS_QUEUE, { connection, prefix });
}

/** Runs registered jobs. A payload that fails its schema is not retried. */
export function startWorker<D>(opts: {
  registry: JobRegistry<D>;
  deps: D;
  connection: Redis;
  prefix: string;
  concurrency?: number;
  /** How long a job's lock lives without renewal; a worker that dies loses its jobs to others after it. */
  lockDuration?: number;
  /** How often this worker looks for jobs whose lock expired (stalled) and puts them back. */
  stalledInterval?: number;
}): Worker {
  const worker = new Worker(
    JOBS_QUEUE,
    async (job: Job<QueuedJobData>) => {
      const def = opts.registry.get(job.name);
      if (!def) throw new UnrecoverableError(`no job named ${job.name}`);
      const parsed = def.payload.safeParse(job.data.payload);
      if (!parsed.success)
        throw new UnrecoverableError(`bad payload for ${job.name}: ${parsed.error.message}`);
      await def.handle(parsed.data, { eventId: job.data.eventId, attempt: job.attemptsMade + 1 }, opts.deps);
    },
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency ?? 4,
      ...(opts.lockDuration ? { lockDuration: opts.lockDuration } : {}),
      ...(opts.stalledInterval ? { stalledInterval: opts.stalledInterval } : {}),
    },
  );
  worker.on("failed", (job, err) =>
    logger.warn({ job: job?.name, id: job?.id, attempt: job?.attemptsMade, err: err.message }, "job failed"),
  );
  return worker;
}

/** The topic of jobs that run on a schedule instead of after an outbox event; nothing emits it. */
export const SCHEDULED_TOPIC = "schedule";

/**
 * Runs the registered job `name` every `everyMs` on one of the workers. The scheduler is keyed by the job
 * name, so every node upserting it at start keeps a single schedule.
 */
export async function scheduleRecurringJob(queue: Queue, name: string, everyMs: number): Promise<void> {
  const data: QueuedJobData = { eventId: `schedule-${name}`, topic: SCHEDULED_TOPIC, payload: {} };
  await queue.upsertJobScheduler(name, { every: everyMs }, { name, data });
}
