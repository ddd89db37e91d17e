import type { z } from "zod";

/** What a job handler receives besides its payload. */
export interface JobContext {
  /** The outbox id of the event that caused the job; stable across retries, use it for idempotency. */
  eventId: string;
  attempt: number;
}

/**
 * A job: a name, the event topic it reacts to, a zod payload schema and an idempotent handler
 * (it may run more than once for the same event).
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType, D = unknown> {
  name: string;
  topic: string;
  payload: S;
  attempts?: number;
  handle(payload: z.output<S>, ctx: JobContext, deps: D): Promise<void>;
}

/** Keeps job definitions by name and by topic. */
export class JobRegistry<D = unknown> {
  private readonly byName = new Map<string, JobDefinition<z.ZodType, D>>();

  register<S extends z.ZodType>(job: JobDefinition<S, D>): this {
    if (!/^[a-z0-9][a-z0-9.-]{1,80}$/.test(job.name)) throw new Error(`bad job name ${job.name}`);
    if (this.byName.has(job.name)) throw new Error(`job ${job.name} registered twice`);
    this.byName.set(job.name, job as unknown as JobDefinition<z.ZodType, D>);
    return this;
  }

  get(name: string): JobDefinition<z.ZodType, D> | undefined {
    return this.byName.get(name);
  }

  forTopic(topic: string): JobDefinition<z.ZodType, D>[] {
    return [...this.byName.values()].filter((j) => j.topic === topic);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}

/** The BullMQ job id of one job for one outbox event: the same on every relay attempt, so re-adds are no-ops. */
export function jobIdFor(eventId: string, jobName: string): string {
  return `o${eventId}-${jobName}`;
}
