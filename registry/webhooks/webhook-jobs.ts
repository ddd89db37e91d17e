import type { Queue } from "bullmq";
import { z } from "zod";
import {
  type Clock,
  type JobDefinition,
  type MikroORM,
  type PiiCipher,
  type QueuedJobData,
  SCHEDULED_TOPIC,
  sqlRows,
} from "../../platform/index.ts";
import { WEBHOOK_RETRY_TOPIC } from "./manage-webhooks.ts";
import { signWebhook, WEBHOOK_HEADERS } from "./signature.ts";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./webhook.schema.ts";
import {
  FORBIDDEN_TARGET,
  FORBIDDEN_TARGET_CODE,
  forbiddenWebhookTarget,
  postWebhook,
  type ResolveHost,
  webhookLookup,
} from "./webhook-target.ts";

/** What the webhook jobs need at run time (the portal's runtime has all of it). */
export interface WebhookDeps {
  orm: MikroORM;
  pii: PiiCipher;
  clock: Clock;
}

/** Delivery settings: from the environment in the app, short in tests. */
export interface WebhookConfig {
  /** Where delivery jobs are added (the jobs queue the worker reads). */
  queue: Queue;
  /** Attempts per round before a delivery becomes a dead letter. */
  attempts: number;
  /** First retry delay; each next one doubles (BullMQ exponential backoff). */
  backoffMs: number;
  /** How long one HTTP attempt may take. */
  timeoutMs: number;
  /** Whether deliveries may go to loopback addresses (a single-machine demo, tests); see webhook-target.ts. */
  allowLoopback?: boolean;
  /** Host name resolution for deliveries (the system resolver unless a test gives another). */
  resolve?: ResolveHost;
}

export const WEBHOOK_DELIVER_JOB = "webhook.deliver";
/** The scheduled sweep that finds deliveries whose queue job was lost (see sweepLostWebhookDeliveries). */
export const WEBHOOK_SWEEP_JOB = "webhook.sweep";
/** How often the workers run the sweep. */
export const WEBHOOK_SWEEP_EVERY_MS = 5 * 60_000;
/** A pending delivery this long past its due time (first attempt, or next retry) is taken to have lost its job. */
const LOST_AFTER_MS = 10 * 60_000;

/** The SQL that finds the department an event concerns, from its payload (one bind parameter). */
const DEPARTMENT_OF: Record<WebhookEventType, { key: string; sql: string }> = {
  "case.submitted": { key: "departmentCode", sql: "select id from department where code = ?" },
  "case.event": { key: "caseId", sql: "select department_id from case_file where id = ?::uuid" },
  "verification.resolved": { key: "caseId", sql: "select department_id from case_file where id = ?::uuid" },
  "result.issued": { key: "resultId", sql: "select issuing_department_id from result where id = ?::uuid" },
};

const deliveryJobId = (deliveryId: string, round: number) => `wh-${deliveryId}-${round}`;

/** Adds the delivery job of one round; the id makes a re-add of the same round a no-op. */
async function enqueueDelivery(cfg: WebhookConfig, deliveryId: string, round: number): Promise<void> {
  const data: QueuedJobData = { eventId: deliveryId, topic: WEBHOOK_DELIVER_JOB, payload: { deliveryId } };
  await cfg.queue.add(WEBHOOK_DELIVER_JOB, data, {
    jobId: deliveryJobId(deliveryId, round),
    attempts: cfg.attempts,
    backoff: { type: "exponential", delay: cfg.backoffMs },
    removeOnComplete: { age: 24 * 3600, count: 50_000 },
    removeOnFail: { age: 14 * 24 * 3600 },
  });
}

/**
 * Fan-out: one delivery row per active subscription of the event's department and type (written once:
 * the row is unique per subscription and event), then a delivery job per pending row of the event. A crash
 * between the two re-runs this job, which finds the rows and adds the same job ids again.
 */
function fanoutJob(topic: WebhookEventType, cfg: WebhookConfig): JobDefinition<z.ZodType, WebhookDeps> {
  return {
    name: `webhook.fanout.${topic.replace(/\./g, "-")}`,
    topic,
    payload: z.record(z.string(), z.unknown()),
    async handle(payload, ctx, deps) {
      const em = deps.orm.em.fork();
      const ref = (payload as Record<string, unknown>)[DEPARTMENT_OF[topic].key];
      if (typeof ref !== "string" || !ref) return;
      const body = {
        id: ctx.eventId,
        type: topic,
        createdAt: deps.clock.now().toISOString(),
        data: payload,
      };
      await sqlRows(
        em,
        `insert into webhook_delivery (id, subscription_id, event_id, event_type, body, status, attempts, round,
           created_at, updated_at)
         select gen_random_uuid(), s.id, ?, ?, jsonb_set(?::jsonb, '{department}', to_jsonb(d.code)), 'pending',
                0, 0, now(), now()
         from webhook_subscription s join department d on d.id = s.department_id
         where s.department_id = (${DEPARTMENT_OF[topic].sql}) and s.active and ? = any(s.event_types)
         on conflict (subscription_id, event_id) do nothing`,
        [ctx.eventId, topic, JSON.stringify(body), ref, topic],
      );
      const rows = await sqlRows<{ id: string; round: number }>(
        em,
        "select id, round from webhook_delivery where event_id = ? and event_type = ? and status = 'pending'",
        [ctx.eventId, topic],
      );
      for (const r of rows) await enqueueDelivery(cfg, r.id, r.round);
    },
  };
}

/** One HTTP attempt; records the outcome on the delivery row, throws to let BullMQ retry with backoff. */
function deliverJob(cfg: WebhookConfig): JobDefinition<z.ZodType, WebhookDeps> {
  const lookup = webhookLookup(cfg.allowLoopback === true, cfg.resolve);
  return {
    name: WEBHOOK_DELIVER_JOB,
    topic: WEBHOOK_DELIVER_JOB,
    payload: z.object({ deliveryId: z.uuid() }),
    async handle({ deliveryId }, ctx, deps) {
      const em = deps.orm.em.fork();
      const [d] = await sqlRows<{
        event_id: string;
        event_type: string;
        body: Record<string, unknown>;
        status: string;
        url: string;
        secret_enc: string;
        active: boolean;
      }>(
        em,
        `select w.event_id, w.event_type, w.body, w.status, s.url, s.secret_enc, s.active
         from webhook_delivery w join webhook_subscription s on s.id = w.subscription_id where w.id = ?`,
        [deliveryId],
      );
      // Delivered already (a job that ran twice), or given up: nothing to do.
      if (d?.status !== "pending") return;
      const record = (sql: string, params: unknown[]) =>
        sqlRows(
          em,
          `update webhook_delivery set attempts = attempts + 1, updated_at = now(), ${sql}
           where id = ? and status = 'pending'`,
          [...params, deliveryId],
        );
      if (!d.active) {
        await record("status = 'dead', last_error = ?, next_attempt_at = null", ["订阅已停用"]);
        return;
      }
      // Never to the platform itself or the cloud's metadata service (a subscription is anyone's URL): an address
      // literal is checked here, a host name's addresses as the connection is made (webhookLookup).
      const forbidden = forbiddenWebhookTarget(d.url, cfg.allowLoopback === true);
      if (forbidden) {
        await record("status = 'dead', last_error = ?, next_attempt_at = null", [forbidden]);
        return;
      }
      const body = JSON.stringify(d.body);
      const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
      let status: number | null = null;
      let error: string | null = null;
      try {
        status = await postWebhook(
          d.url,
          {
            "content-type": "application/json",
            "user-agent": "Tongban-Webhooks/1",
            [WEBHOOK_HEADERS.signature]: signWebhook(deps.pii.decrypt(d.secret_enc), timestamp, body),
            [WEBHOOK_HEADERS.timestamp]: String(timestamp),
            [WEBHOOK_HEADERS.eventId]: d.event_id,
            [WEBHOOK_HEADERS.eventType]: d.event_type,
          },
          body,
          { timeoutMs: cfg.timeoutMs, lookup },
        );
        if (status >= 200 && status < 300) {
          await record(
            "status = 'delivered', last_status_code = ?, delivered_at = now(), next_attempt_at = null",
            [status],
          );
          return;
        }
        error = `HTTP ${status}`;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === FORBIDDEN_TARGET_CODE) {
          await record("status = 'dead', last_error = ?, next_attempt_at = null", [FORBIDDEN_TARGET]);
          return;
        }
        error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      }
      if (ctx.attempt >= cfg.attempts) {
        await record("status = 'dead', last_status_code = ?, last_error = ?, next_attempt_at = null", [
          status,
          error.slice(0, 500),
        ]);
        return;
      }
      const next = new Date(deps.clock.now().getTime() + cfg.backoffMs * 2 ** (ctx.attempt - 1));
      await record("last_status_code = ?, last_error = ?, next_attempt_at = ?", [
        status,
        error.slice(0, 500),
        next.toISOString(),
      ]);
      throw new Error(`webhook delivery ${deliveryId} failed: ${error}`);
    },
  };
}

/** A manual retry of a dead letter (written through the outbox by retryWebhookDelivery) starts a new round. */
function retryJob(cfg: WebhookConfig): JobDefinition<z.ZodType, WebhookDeps> {
  return {
    name: "webhook.retry",
    topic: WEBHOOK_RETRY_TOPIC,
    payload: z.object({ deliveryId: z.uuid() }),
    async handle({ deliveryId }, _ctx, deps) {
      const [d] = await sqlRows<{ round: number; status: string }>(
        deps.orm.em.fork(),
        "select round, status from webhook_delivery where id = ?",
        [deliveryId],
      );
      if (d?.status === "pending") await enqueueDelivery(cfg, deliveryId, d.round);
    },
  };
}

/**
 * Pending deliveries whose job is gone: Redis lost it (a restart without persistence, a flushed instance) or it
 * failed for good without recording the outcome (a crash between the last attempt and its record). A delivery
 * due more than ten minutes ago gets its round's job added again when the queue does not hold it (a waiting or
 * delayed job means the workers are only behind), and becomes a dead letter when the job failed for good.
 * Returns how many jobs it added and how many dead letters it made.
 */
export async function sweepLostWebhookDeliveries(
  cfg: WebhookConfig,
  deps: WebhookDeps,
  limit = 500,
): Promise<{ requeued: number; dead: number }> {
  const em = deps.orm.em.fork();
  const rows = await sqlRows<{ id: string; round: number }>(
    em,
    `select id, round from webhook_delivery
     where status = 'pending' and coalesce(next_attempt_at, created_at) < ?
     order by created_at limit ?`,
    [new Date(deps.clock.now().getTime() - LOST_AFTER_MS), limit],
  );
  let requeued = 0;
  let dead = 0;
  for (const r of rows) {
    const job = await cfg.queue.getJob(deliveryJobId(r.id, r.round));
    if (!job) {
      await enqueueDelivery(cfg, r.id, r.round);
      requeued++;
    } else if (await job.isFailed()) {
      const marked = await sqlRows(
        em,
        `update webhook_delivery set status = 'dead', next_attempt_at = null, updated_at = now(),
           last_error = coalesce(last_error, ?)
         where id = ? and status = 'pending' returning 1`,
        ["投递任务已终止", r.id],
      );
      dead += marked.length;
    }
  }
  return { requeued, dead };
}

function sweepJob(cfg: WebhookConfig): JobDefinition<z.ZodType, WebhookDeps> {
  return {
    name: WEBHOOK_SWEEP_JOB,
    topic: SCHEDULED_TOPIC,
    payload: z.object({}),
    async handle(_payload, _ctx, deps) {
      await sweepLostWebhookDeliveries(cfg, deps);
    },
  };
}

/** Every webhook job, to register in the application's job registry. */
export function webhookJobs(cfg: WebhookConfig): JobDefinition<z.ZodType, WebhookDeps>[] {
  return [
    ...WEBHOOK_EVENT_TYPES.map((t) => fanoutJob(t, cfg)),
    deliverJob(cfg),
    retryJob(cfg),
    sweepJob(cfg),
  ];
}
