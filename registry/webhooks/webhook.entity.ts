import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { Department } from "../org/org.entity.ts";

/**
 * A department system's endpoint for pushed events. The signing secret is stored encrypted (the platform's
 * AES-256-GCM cipher) because every delivery needs it in clear to sign; pages show only its hint.
 */
export const WebhookSubscription = defineEntity({
  name: "WebhookSubscription",
  tableName: "webhook_subscription",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    department: () => p.manyToOne(Department).ref(),
    url: p.string().length(500),
    secretEnc: p.text(),
    /** The last four characters of the secret, so an operator can tell which one a system holds. */
    secretHint: p.string().length(8),
    eventTypes: p.array().default([]),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IWebhookSubscription = InferEntity<typeof WebhookSubscription>;

export const DELIVERY_STATUSES = ["pending", "delivered", "dead"] as const;

/**
 * One event for one subscription: the delivery log. `eventId` (the outbox id of the domain event) is what
 * receivers de-duplicate on; it stays the same across attempts and manual retries.
 */
export const WebhookDelivery = defineEntity({
  name: "WebhookDelivery",
  tableName: "webhook_delivery",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    subscription: () => p.manyToOne(WebhookSubscription).ref(),
    eventId: p.string().length(40),
    eventType: p.string().length(100),
    body: p.json<Record<string, unknown>>(),
    status: p.enum([...DELIVERY_STATUSES]).default("pending"),
    attempts: p.integer().default(0),
    /** Bumped by a manual retry of a dead letter, so its queue job gets a new id. */
    round: p.integer().default(0),
    lastStatusCode: p.integer().nullable(),
    lastError: p.text().nullable(),
    nextAttemptAt: p.datetime().nullable(),
    deliveredAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ["subscription", "eventId"] }],
  indexes: [{ properties: ["status", "createdAt"] }],
});
export type IWebhookDelivery = InferEntity<typeof WebhookDelivery>;
