import { transact } from "../../platform/index.ts";
import {
  applyCaseFlow,
  type CaseForFlow,
  type Ctx,
  chainAdvanceWrite,
  chainSlotWrite,
  GuardMissed,
  loadChainInstance,
  rememberChainFilings,
  toChinaDate,
} from "../../registry/index.ts";
import {
  type CaseSlot,
  type ChainEvent,
  type ChainSnapshot,
  type PlanOutcome,
  planChain,
} from "../engine/index.ts";
import {
  advanceChain,
  caseEndedEvent,
  chainNoticeEvents,
  derivedFields,
  establishes,
  filing,
  notifications,
} from "./advance-chain.ts";
import type { PlannedCaseAction } from "./case-action-plan.ts";
import {
  forgetChainInstance,
  type KnownInstance,
  knownChainInstance,
  rememberChainInstance,
} from "./known-instances.ts";

/** The planner's answer needs the instance as it is now (a hint planned something other than a quiet approval). */
const STALE = Symbol("stale");
/** The case establishes the chain's enterprise: that takes the locked transaction (advanceChain). */
const NEEDS_LOCK = Symbol("needs lock");

/**
 * Saves the change of a chain case that ends (planned by planCaseAction) together with what it does to its
 * chain, atomically, as one statement: the planner runs on the instance as known (read with the case, or as
 * this process last knew it), and applyCaseFlow writes the case change, the instance's new snapshot (guarded by
 * the version known), the outbox rows and the cases of any stage that starts. When the guard misses (a sibling
 * case ended in between), it plans once more on a fresh read, and then in a transaction that first locks the
 * instance row, so siblings ending together queue on the lock instead of re-planning over and over. The
 * approval that establishes an enterprise (企业开办) goes the longer way: a locked transaction that saves the
 * case change and then advances the chain (advanceChain). See docs/decisions/012-business-chains.md.
 */
export async function endChainCase(
  ctx: Ctx,
  c: CaseForFlow,
  planned: PlannedCaseAction,
): Promise<{ version: number } & Record<string, unknown>> {
  const event = caseEndedEvent(c.id, planned) as Extract<ChainEvent, { type: "caseEnded" }>;
  const id = c.chainInstanceId as string;
  const attempt = async (em: Ctx["em"], lock: boolean, read?: KnownInstance) => {
    const inst = read?.row ?? (await loadChainInstance(em, id, lock));
    const exact = read?.exact ?? true;
    if (establishes(inst, event)) {
      if (!lock) return NEEDS_LOCK;
      const saved = await applyCaseFlow(em, c, planned.change, planned.followUps);
      await advanceChain({ ...ctx, em }, inst, event);
      forgetChainInstance(id);
      return saved;
    }
    const before = inst.snapshot as unknown as ChainSnapshot;
    let out: PlanOutcome;
    try {
      out = planChain(inst.definition, before, event, toChinaDate(ctx.now), () => crypto.randomUUID());
    } catch (e) {
      if (exact) throw e;
      return STALE; // e.g. a hint from before this case's stage started
    }
    const slot = !lock && quietApproval(before, out, event);
    if (!slot && !exact) return STALE;
    const fileCmds = out.commands.flatMap((x) => (x.type === "fileCase" ? [x] : []));
    const derived = fileCmds.length ? await derivedFields({ ...ctx, em }, inst) : {};
    const filings = fileCmds.map((cmd) => filing(ctx, inst, cmd, derived, false));
    const change = {
      snapshot: out.snapshot as unknown as Record<string, unknown>,
      status: out.snapshot.status,
      ended: out.snapshot.endedOn !== null && before.endedOn === null ? ctx.now : null,
      outbox: notifications(inst, out),
    };
    const write = slot
      ? chainSlotWrite(inst.id, slot.stage, slot.itemCode, slot.value)
      : chainAdvanceWrite(inst.id, inst.version, change, filings);
    // The case's own record of what its ending did to the chain (paused, or completed), for its applicant.
    const notices = chainNoticeEvents(ctx, inst, out, planned.change.events.at(-1)?.stage ?? "办结");
    const saved = await applyCaseFlow(
      em,
      c,
      notices.length ? { ...planned.change, events: [...planned.change.events, ...notices] } : planned.change,
      [...planned.followUps, ...write.followUps],
      write.guard,
    );
    if (em.getTransactionContext()) forgetChainInstance(id);
    else if (slot) rememberChainInstance({ ...inst, snapshot: change.snapshot }, false);
    else
      rememberChainInstance(
        {
          ...inst,
          version: inst.version + 1,
          status: change.status,
          snapshot: JSON.parse(JSON.stringify(change.snapshot)),
        },
        true,
      );
    if (filings.length) await rememberChainFilings(em, filings, saved.case_nos as string[]);
    return saved;
  };
  const first: KnownInstance | undefined = c.chainInstance
    ? { row: c.chainInstance, exact: true }
    : knownChainInstance(id);
  // As read with the case (or as last known here); then, if a sibling ended in between, once more on a fresh
  // read (usually the siblings are done by then); then under the lock.
  for (const read of [first, undefined]) {
    let outcome: Awaited<ReturnType<typeof attempt>>;
    try {
      outcome = await attempt(ctx.em, false, read);
    } catch (e) {
      if (!(e instanceof GuardMissed)) throw e;
      forgetChainInstance(id);
      continue;
    }
    if (outcome === NEEDS_LOCK) break;
    if (outcome !== STALE) return outcome;
  }
  const saved = await transact(ctx.em, (em) => attempt(em, true));
  if (typeof saved === "symbol") throw new Error("endChainCase: a locked attempt cannot be stale");
  return saved;
}

/**
 * An approval that changes nothing but its own slot (the chain runs on, the stage has other open cases, nothing
 * starts or ends): its slot, to write commutatively (chainSlotWrite) rather than the whole snapshot.
 */
function quietApproval(
  before: ChainSnapshot,
  out: PlanOutcome,
  event: Extract<ChainEvent, { type: "caseEnded" }>,
): { stage: string; itemCode: string; value: CaseSlot } | null {
  if (event.outcome !== "approved" || out.commands.length || before.status !== "running") return null;
  if (out.snapshot.status !== "running") return null;
  for (const [stage, st] of Object.entries(out.snapshot.stages)) {
    for (const [itemCode, value] of Object.entries(st.slots)) {
      if (value.caseId !== event.caseId) continue;
      const othersOpen = Object.entries(st.slots).some(([k, v]) => k !== itemCode && v.status === "open");
      return othersOpen && st.status === "running" ? { stage, itemCode, value } : null;
    }
  }
  return null;
}
