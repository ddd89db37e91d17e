import { randomBytes } from "node:crypto";
import { DomainError, emitEvent, parseInput, sqlRows, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { Department } from "../org/org.entity.ts";
import { WebhookDelivery, WebhookSubscription } from "./webhook.entity.ts";
import {
  type TCreateWebhookInput,
  type TUpdateWebhookInput,
  WEBHOOK_EVENT_TYPES,
  type WebhookAdminView,
  type WebhookDeliveryView,
  type WebhookSubscriptionView,
  ZCreateWebhookInput,
  ZUpdateWebhookInput,
} from "./webhook.schema.ts";

/** The outbox topic of a manual retry of a dead letter. */
export const WEBHOOK_RETRY_TOPIC = "webhook.retry";

/** null: every department (platform admin); otherwise the one department a dept_admin manages. */
function scope(ctx: Ctx): string | null {
  if (isAdmin(ctx.actor)) return null;
  const a = ctx.actor;
  if (a.type === "person" && a.staff?.roles.includes("dept_admin")) return a.staff.departmentId;
  throw new DomainError("FORBIDDEN", "只有管理员或部门管理员可以管理推送订阅");
}

function assertInScope(ctx: Ctx, departmentId: string, message = "订阅不存在"): void {
  const s = scope(ctx);
  // Another department's subscription looks like a missing one.
  if (s !== null && s !== departmentId) throw new DomainError("NOT_FOUND", message);
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

const SUB_SQL = `select s.id, d.code as department_code, d.name as department_name, s.url, s.event_types, s.active,
  s.secret_hint, s.created_at, s.updated_at from webhook_subscription s join department d on d.id = s.department_id`;
type SubRow = Record<string, unknown> & { event_types: string[] };
const toSub = (r: SubRow): WebhookSubscriptionView => ({
  id: String(r.id),
  departmentCode: String(r.department_code),
  departmentName: String(r.department_name),
  url: String(r.url),
  eventTypes: r.event_types,
  active: Boolean(r.active),
  secretHint: String(r.secret_hint),
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
});

const DELIVERY_SQL = `select w.id, w.subscription_id, d.code as department_code, s.url, w.event_id, w.event_type,
  w.status, w.attempts, w.last_status_code, w.last_error, w.next_attempt_at, w.delivered_at, w.created_at
  from webhook_delivery w join webhook_subscription s on s.id = w.subscription_id
  join department d on d.id = s.department_id`;
const toDelivery = (r: Record<string, unknown>): WebhookDeliveryView => ({
  id: String(r.id),
  subscriptionId: String(r.subscription_id),
  departmentCode: String(r.department_code),
  url: String(r.url),
  eventId: String(r.event_id),
  eventType: String(r.event_type),
  status: r.status as WebhookDeliveryView["status"],
  attempts: Number(r.attempts),
  lastStatusCode: r.last_status_code === null ? null : Number(r.last_status_code),
  lastError: (r.last_error as string | null) ?? null,
  nextAttemptAt: iso(r.next_attempt_at),
  deliveredAt: iso(r.delivered_at),
  createdAt: iso(r.created_at)!,
});

/** Subscriptions, the 20 latest deliveries and up to 50 dead letters in the actor's scope. */
export async function listWebhookAdmin(ctx: Ctx): Promise<WebhookAdminView> {
  const s = scope(ctx);
  const where = s === null ? "" : " where s.department_id = ?";
  const p = s === null ? [] : [s];
  const subs = await sqlRows<SubRow>(ctx.em, `${SUB_SQL}${where} order by d.code, s.created_at`, p);
  const recent = await sqlRows(ctx.em, `${DELIVERY_SQL}${where} order by w.created_at desc limit 20`, p);
  const dead = await sqlRows(
    ctx.em,
    `${DELIVERY_SQL}${where ? `${where} and` : " where"} w.status = 'dead' order by w.updated_at desc limit 50`,
    p,
  );
  const depts = await ctx.em.find(Department, s === null ? {} : { id: s }, { orderBy: { code: "asc" } });
  return {
    subscriptions: subs.map(toSub),
    recent: recent.map(toDelivery),
    deadLetters: dead.map(toDelivery),
    departments: depts.map((d) => ({ code: d.code, name: d.name })),
    eventTypes: WEBHOOK_EVENT_TYPES,
  };
}

async function subscriptionView(ctx: Ctx, id: string): Promise<WebhookSubscriptionView> {
  const [row] = await sqlRows<SubRow>(ctx.em, `${SUB_SQL} where s.id = ?`, [id]);
  return toSub(row!);
}

/** Adds a subscription; the signing secret is returned this once and stored encrypted. */
export async function createWebhookSubscription(
  ctx: Ctx,
  input: TCreateWebhookInput,
): Promise<{ subscription: WebhookSubscriptionView; secret: string }> {
  scope(ctx);
  const data = parseInput(ZCreateWebhookInput, input);
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const id = await transact(ctx.em, async (em) => {
    const dept = await em.findOne(Department, { code: data.departmentCode });
    if (!dept)
      throw new DomainError("NOT_FOUND", "部门不存在", [{ path: "departmentCode", message: "部门不存在" }]);
    assertInScope(ctx, dept.id, "部门不存在");
    const sub = em.create(WebhookSubscription, {
      id: crypto.randomUUID(),
      department: dept,
      url: data.url,
      secretEnc: ctx.pii.encrypt(secret),
      secretHint: secret.slice(-4),
      eventTypes: data.eventTypes,
      active: true,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "webhook.create",
      { type: "webhook_subscription", id: sub.id },
      {
        department: dept.code,
        url: data.url,
        eventTypes: data.eventTypes,
      },
    );
    await em.flush();
    return sub.id;
  });
  return { subscription: await subscriptionView({ ...ctx, em: ctx.em.fork() }, id), secret };
}

/** Changes the URL, the event types or the active flag (deactivating stops new deliveries). */
export async function updateWebhookSubscription(
  ctx: Ctx,
  input: TUpdateWebhookInput,
): Promise<WebhookSubscriptionView> {
  scope(ctx);
  const data = parseInput(ZUpdateWebhookInput, input);
  await transact(ctx.em, async (em) => {
    const sub = await em.findOne(WebhookSubscription, { id: data.id });
    if (!sub) throw new DomainError("NOT_FOUND", "订阅不存在");
    assertInScope(ctx, sub.department.id);
    sub.url = data.url;
    sub.eventTypes = data.eventTypes;
    sub.active = data.active;
    sub.updatedAt = ctx.now;
    recordAudit(em, ctx.actor, ctx.now, "webhook.update", { type: "webhook_subscription", id: sub.id }, data);
    await em.flush();
  });
  return subscriptionView({ ...ctx, em: ctx.em.fork() }, data.id);
}

/** Sends a dead letter again: a fresh round of attempts with the same event id, through the outbox. */
export async function retryWebhookDelivery(ctx: Ctx, input: { deliveryId: unknown }): Promise<void> {
  scope(ctx);
  const id = String(input.deliveryId ?? "");
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError("NOT_FOUND", "投递记录不存在");
  await transact(ctx.em, async (em) => {
    const d = await em.findOne(WebhookDelivery, { id }, { populate: ["subscription"] });
    if (!d) throw new DomainError("NOT_FOUND", "投递记录不存在");
    assertInScope(ctx, d.subscription.unwrap().department.id, "投递记录不存在");
    if (d.status !== "dead") throw new DomainError("INVALID_STATE", "只有失败的投递可以重试");
    d.status = "pending";
    d.attempts = 0;
    d.round += 1;
    d.nextAttemptAt = ctx.now;
    d.updatedAt = ctx.now;
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "webhook.retry",
      { type: "webhook_delivery", id },
      { round: d.round },
    );
    await emitEvent(em, WEBHOOK_RETRY_TOPIC, { deliveryId: id });
    await em.flush();
  });
}
