import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/**
 * A read mark: this person has read this message (a case event) in their space.
 *
 * Why one row per (person, event) rather than a "last read event id" watermark per acting subject: event
 * ids come from one sequence but commit out of order across cases, so a watermark would silently mark as
 * read an event that committed after a later id was seen. A message belongs to exactly one case and so to
 * one applicant subject; the event id therefore already names the subject, and the person keeps their own
 * read state in each space they act in (colleagues of an enterprise do not read for each other).
 * No foreign keys: events are append-only and never deleted, persons are never deleted.
 */
export const MessageRead = defineEntity({
  name: "MessageRead",
  tableName: "message_read",
  properties: {
    personId: p.uuid().primary(),
    eventId: p.bigint("string").primary(),
    readAt: p.datetime(),
  },
});
export type IMessageRead = InferEntity<typeof MessageRead>;
