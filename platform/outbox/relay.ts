import type { MikroORM } from "@mikro-orm/postgresql";
import type { Queue } from "bullmq";
import pg from "pg";
import { logger } from "../logger/logger.ts";
import { OUTBOX_CHANNEL } from "./emit.ts";
import { type JobRegistry, jobIdFor } from "./jobs.ts";

/** The data of every queued job: which outbox event caused it and the event's payload. */
export interface QueuedJobData {
  eventId: string;
  topic: string;
  payload: Record<string, unknown>;
}

export interface RelayOptions {
  orm: MikroORM;
  queue: Queue;
  registry: JobRegistry<any>;
  /** Connection URL for the LISTEN connection (the ORM pool cannot hold a LISTEN). */
  databaseUrl: string;
  /**
   * How often an idle relay looks for rows anyway (default 250 ms): rows written while the outbox was not empty
   * send no NOTIFY (see OUTBOX_NOTIFY_SQL), nor do rows restored or written by hand.
   */
  pollMs?: number;
  batchSize?: number;
  /** Test hook: runs after jobs are enqueued and before the outbox rows are marked, to simulate a crash. */
  afterEnqueue?: () => Promise<void> | void;
}

/**
 * Moves committed outbox rows to BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED so several relays
 * can run; each job gets a deterministic id, so a relay that dies after enqueueing but before marking
 * the rows causes a re-add that BullMQ ignores instead of a duplicate.
 */
export class OutboxRelay {
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private draining: Promise<void> | null = null;
  private again = false;

  constructor(private readonly opts: RelayOptions) {}

  /** Dispatches one batch; returns how many outbox rows it marked. */
  async drainOnce(): Promise<number> {
    const { orm, queue, registry } = this.opts;
    const batch = this.opts.batchSize ?? 200;
    return orm.em.fork().transactional(async (em) => {
      const conn = em.getConnection();
      const ctx = em.getTransactionContext();
      const rows: { id: string; topic: string; payload: Record<string, unknown> }[] = await conn.execute(
        "select id::text as id, topic, payload from outbox where dispatched_at is null order by outbox.id limit ? for update skip locked",
        [batch],
        "all",
        ctx,
      );
      if (rows.length === 0) return 0;
      const jobs = rows.flatMap((r) =>
        registry.forTopic(r.topic).map((job) => ({
          name: job.name,
          data: { eventId: r.id, topic: r.topic, payload: r.payload } satisfies QueuedJobData,
          opts: {
            jobId: jobIdFor(r.id, job.name),
            attempts: job.attempts ?? 8,
            backoff: { type: "exponential", delay: 2000 },
            // Completed jobs stay long enough for a re-add after a relay crash to be recognised.
            removeOnComplete: { age: 24 * 3600, count: 50_000 },
            removeOnFail: { age: 14 * 24 * 3600 },
          },
        })),
      );
      if (jobs.length) await queue.addBulk(jobs);
      await this.opts.afterEnqueue?.();
      const ids = rows.map((r) => r.id);
      await conn.execute(
        `update outbox set dispatched_at = now() where id in (${ids.map(() => "?").join(",")})`,
        ids,
        "run",
        ctx,
      );
      return rows.length;
    });
  }

  /** Drains until the outbox is empty. */
  async drainAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.drainOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  /** Starts LISTEN/NOTIFY wake-ups plus a polling safety net. */
  async start(): Promise<void> {
    this.running = true;
    this.listener = new pg.Client({ connectionString: this.opts.databaseUrl });
    this.listener.on("notification", () => this.kick());
    this.listener.on("error", (e) =>
      logger.warn({ err: e.message }, "outbox listener error; polling continues"),
    );
    await this.listener.connect();
    await this.listener.query(`listen ${OUTBOX_CHANNEL}`);
    const poll = () => {
      if (!this.running) return;
      this.kick();
      this.timer = setTimeout(poll, this.opts.pollMs ?? 250);
    };
    poll();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
    await this.listener?.end().catch(() => {});
    this.listener = null;
  }

  private kick(): void {
    if (!this.running) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        try {
          await this.drainAll();
        } catch (e) {
          logger.error({ err: (e as Error).message }, "outbox relay failed; will retry");
        }
      } while (this.again && this.running);
      this.draining = null;
    })();
  }
}
