import { z } from "zod";

/** Outbox topics a department system may subscribe to; each concerns one department's case. */
export const WEBHOOK_EVENT_TYPES = [
  "case.submitted",
  "case.event",
  "result.issued",
  "verification.resolved",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const ZUrl = z
  .string({ error: "请填写接收地址" })
  .trim()
  .max(500, "接收地址过长")
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "接收地址不是有效的 http(s) 网址");

const ZEventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: "未知的事件类型" }), { error: "请选择事件类型" })
  .min(1, "请至少选择一种事件类型")
  .transform((v) => [...new Set(v)]);

export const ZCreateWebhookInput = z.object({
  departmentCode: z.string({ error: "请选择部门" }).trim().min(1, "请选择部门").max(10),
  url: ZUrl,
  eventTypes: ZEventTypes,
});
export type TCreateWebhookInput = z.input<typeof ZCreateWebhookInput>;

export const ZUpdateWebhookInput = z.object({
  id: z.uuid({ error: "订阅不存在" }),
  url: ZUrl,
  eventTypes: ZEventTypes,
  active: z.boolean({ error: "请选择是否启用" }),
});
export type TUpdateWebhookInput = z.input<typeof ZUpdateWebhookInput>;

/** A subscription as pages show it: the secret only by its hint. */
export interface WebhookSubscriptionView {
  id: string;
  departmentCode: string;
  departmentName: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  secretHint: string;
  createdAt: string;
  updatedAt: string;
}

/** One line of the delivery log. */
export interface WebhookDeliveryView {
  id: string;
  subscriptionId: string;
  departmentCode: string;
  url: string;
  eventId: string;
  eventType: string;
  status: "pending" | "delivered" | "dead";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** The admin page: subscriptions, recent deliveries and dead letters the actor may manage. */
export interface WebhookAdminView {
  subscriptions: WebhookSubscriptionView[];
  recent: WebhookDeliveryView[];
  deadLetters: WebhookDeliveryView[];
  /** Departments the actor may add subscriptions for. */
  departments: { code: string; name: string }[];
  eventTypes: readonly string[];
}
