import { z } from "zod";
import { parseInput, sqlRows } from "../../platform/index.ts";
import { applicantScope } from "../cases/applicant-scope.ts";
import {
  type ApplicantCaseEvent,
  applicantScopeSql,
  INTERNAL_CASE_ACTIONS,
  listMyCaseEvents,
} from "../cases/case-timeline.ts";
import type { Ctx } from "../context.ts";

/** A message of the space: one case event that concerns the applicant, and whether this person has read it. */
export type SpaceMessage = ApplicantCaseEvent & { read: boolean };

function personOf(ctx: Ctx): string {
  // applicantScope has already refused anyone who is not a signed-in person.
  return ctx.actor.type === "person" ? ctx.actor.personId : "";
}

/**
 * The newest messages of whoever the actor acts as (the curated event feed), with this person's read marks;
 * `before` (an event id) pages back to older ones.
 */
export async function listMyMessages(
  ctx: Ctx,
  input: { limit?: number; before?: string } = {},
): Promise<SpaceMessage[]> {
  const events = await listMyCaseEvents(ctx, { limit: input.limit ?? 50, beforeId: input.before });
  if (events.length === 0) return [];
  const read = await sqlRows<{ event_id: string }>(
    ctx.em,
    "select event_id::text as event_id from message_read where person_id = ? and event_id = any(?::bigint[])",
    [personOf(ctx), events.map((e) => e.id)],
  );
  const seen = new Set(read.map((r) => String(r.event_id)));
  return events.map((e) => ({ ...e, read: seen.has(e.id) }));
}

/** How many messages of the acting subject this person has not read. */
export async function countUnreadMessages(ctx: Ctx): Promise<number> {
  const scope = applicantScopeSql(await applicantScope(ctx));
  const [row] = await sqlRows<{ n: number }>(
    ctx.em,
    `select count(*)::int as n
     from case_event e join case_file c on c.id = e.case_id join service_item i on i.id = c.item_id
     where ${scope.sql} and e.action <> all(?::text[])
       and not exists (select 1 from message_read r where r.person_id = ? and r.event_id = e.id)`,
    [...scope.params, [...INTERNAL_CASE_ACTIONS], personOf(ctx)],
  );
  return row?.n ?? 0;
}

export const ZMarkMessagesRead = z.union([
  z.literal("all"),
  z
    .array(z.string().regex(/^\d{1,18}$/, "消息编号无效"))
    .min(1, "请选择消息")
    .max(200, "一次最多 200 条"),
]);

/**
 * Marks messages read for this person: the given event ids, or every message of the acting subject.
 * Only events of the actor's own scope are marked, so guessed ids of other subjects' events write nothing.
 * Returns how many marks were added.
 */
export async function markMessagesRead(ctx: Ctx, input: z.input<typeof ZMarkMessagesRead>): Promise<number> {
  const ids = parseInput(ZMarkMessagesRead, input);
  const scope = applicantScopeSql(await applicantScope(ctx));
  const only = ids === "all" ? "" : " and e.id = any(?::bigint[])";
  const rows = await sqlRows<{ event_id: string }>(
    ctx.em,
    `insert into message_read (person_id, event_id, read_at)
     select ?, e.id, ?
     from case_event e join case_file c on c.id = e.case_id join service_item i on i.id = c.item_id
     where ${scope.sql} and e.action <> all(?::text[])${only}
     on conflict do nothing returning event_id`,
    [personOf(ctx), ctx.now, ...scope.params, [...INTERNAL_CASE_ACTIONS], ...(ids === "all" ? [] : [ids])],
  );
  return rows.length;
}

export const ZMarkCaseRead = z.uuid("办件编号无效");

/**
 * Marks every message of one of the actor's cases read for this person (opening the case reads its messages).
 * Someone else's case id marks nothing. Returns how many marks were added.
 */
export async function markCaseMessagesRead(ctx: Ctx, caseId: unknown): Promise<number> {
  const id = parseInput(ZMarkCaseRead, caseId);
  const scope = applicantScopeSql(await applicantScope(ctx));
  const rows = await sqlRows<{ event_id: string }>(
    ctx.em,
    `insert into message_read (person_id, event_id, read_at)
     select ?, e.id, ?
     from case_event e join case_file c on c.id = e.case_id join service_item i on i.id = c.item_id
     where ${scope.sql} and c.id = ? and e.action <> all(?::text[])
     on conflict do nothing returning event_id`,
    [personOf(ctx), ctx.now, ...scope.params, id, [...INTERNAL_CASE_ACTIONS]],
  );
  return rows.length;
}
