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

/** How many subscriptions one department may hold: each is a fan-out target of every matching event. */
export const MAX_SUBSCRIPTIONS_PER_DEPARTMENT = 10;

/**
 * null: every department (platform admin); otherwise the one department a dept_admin manages, or the
 * department a department system (an /api/v1 client) acts for.
 */
function scope(ctx: Ctx): string | null {
  if (isAdmin(ctx.actor)) return null;
  const a = ctx.actor;
  if (a.type === "client") return a.departmentId;
  if (a.type === "person" && a.staff?.roles.includes("dept_admin")) return a.staff.departmentId;
  throw new DomainError("FORBIDDEN", "只有管理员或部门管理员可以管理推送订阅");
}

function assertInScope(ctx: Ctx, departmentId: string, message = "订阅不存在"): void {
  const s = scope(ctx);
  // Another department's subscription looks like a missing one.
  if (s !== null && s !== departmentId) throw new DomainError("NOT_FOUND", message);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/** The subscriptions in the actor's scope (a department system: its own department's), oldest first. */
export async function listWebhookSubscriptions(ctx: Ctx): Promise<WebhookSubscriptionView[]> {
  const s = scope(ctx);
  const rows = await sqlRows<SubRow>(
    ctx.em,
    `${SUB_SQL}${s === null ? "" : " where s.department_id = ?"} order by d.code, s.created_at, s.id`,
    s === null ? [] : [s],
  );
  return rows.map(toSub);
}

/** One subscription; another department's is NOT_FOUND, as is a malformed id. */
export async function getWebhookSubscription(
  ctx: Ctx,
  input: { id: unknown },
): Promise<WebhookSubscriptionView> {
  const s = scope(ctx);
  const id = String(input.id ?? "");
  const [row] = UUID.test(id)
    ? await sqlRows<SubRow & { department_id: string }>(
        ctx.em,
        `${SUB_SQL.replace(" from ", ", s.department_id from ")} where s.id = ?`,
        [id],
      )
    : [];
  if (!row || (s !== null && row.department_id !== s)) throw new DomainError("NOT_FOUND", "订阅不存在");
  return toSub(row);
}

/**
 * Removes a subscription and its delivery log: nothing more is fanned out to it, and a delivery job still
 * queued finds no row and does nothing. The audit row keeps what was removed.
 */
export async function deleteWebhookSubscription(ctx: Ctx, input: { id: unknown }): Promise<void> {
  const view = await getWebhookSubscription(ctx, input);
  await transact(ctx.em, async (em) => {
    const sub = await em.findOne(WebhookSubscription, { id: view.id });
    if (!sub) throw new DomainError("NOT_FOUND", "订阅不存在");
    const deliveries = await em.nativeDelete(WebhookDelivery, { subscription: sub.id });
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "webhook.delete",
      { type: "webhook_subscription", id: sub.id },
      { department: view.departmentCode, url: view.url, eventTypes: view.eventTypes, deliveries },
    );
    em.remove(sub);
    await em.flush();
  });
}

/**
 * Adds a subscription; the signing secret is returned this once and stored encrypted. A department system
 * may leave out `departmentCode`: its own department is meant.
 */
export async function createWebhookSubscription(
  ctx: Ctx,
  input: TCreateWebhookInput | Omit<TCreateWebhookInput, "departmentCode">,
): Promise<{ subscription: WebhookSubscriptionView; secret: string }> {
  scope(ctx);
  const a = ctx.actor;
  const own =
    a.type === "client" && !("departmentCode" in input && input.departmentCode !== undefined)
      ? (await ctx.em.findOne(Department, { id: a.departmentId }))?.code
      : undefined;
  const data = parseInput(ZCreateWebhookInput, own ? { ...input, departmentCode: own } : input);
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const id = await transact(ctx.em, async (em) => {
    const dept = await em.findOne(Department, { code: data.departmentCode });
    if (!dept)
      throw new DomainError("NOT_FOUND", "部门不存在", [{ path: "departmentCode", message: "部门不存在" }]);
    assertInScope(ctx, dept.id, "部门不存在");
    const held = await em.count(WebhookSubscription, { department: dept.id });
    if (held >= MAX_SUBSCRIPTIONS_PER_DEPARTMENT) {
      throw new DomainError(
        "INVALID_STATE",
        `每个部门最多 ${MAX_SUBSCRIPTIONS_PER_DEPARTMENT} 个推送订阅，请先删除不再使用的订阅`,
      );
    }
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
  return { subscription: await subscriptionView(ctx, id), secret };
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
  return subscriptionView(ctx, data.id);
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
