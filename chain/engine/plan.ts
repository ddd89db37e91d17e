import { DomainError } from "../../platform/index.ts";

/*
 * The business-chain planner (业务链, 一件事一次办). Pure: (definition, snapshot, event) → (snapshot, commands).
 * The runtime (chain/runtime/advance-chain.ts) feeds it one event at a time with the chain instance row locked,
 * applies its commands in the same transaction, and stores the new snapshot; because the snapshot is read under
 * that lock, a stage's cases are filed exactly once however many of its predecessors finish at the same moment.
 *
 * Rules:
 * - A stage starts (its cases are filed) when every stage it comes after is done; stages with no predecessors
 *   start with the chain. A stage is done when every one of its cases is concluded with approval.
 * - A case that ends any other way (denied, refused, returned, withdrawn, terminated) blocks the chain with its
 *   reason; the other running cases go on. The applicant may amend and resubmit that item (a new case, the next
 *   attempt) or withdraw the chain. While any item of the chain has failed the chain is blocked; the blocked
 *   time is recorded as a pause of the chain clock.
 * - Results of approved cases become materials of later stages (handoffs), attached when those are filed.
 * - Withdrawing the chain withdraws its open cases (the runtime withdraws those the case flow allows; cases a
 *   department has accepted run to their conclusion) and starts nothing more. Events about a finished chain
 *   change nothing.
 */

export type SlotOutcome = "approved" | "denied" | "refused" | "returned" | "withdrawn" | "terminated";

/** One item of a stage: its current case (the latest attempt) and how it ended. */
export interface CaseSlot {
  caseId: string;
  attempt: number;
  status: "open" | SlotOutcome;
  /** Results the case issued (for handoffs to later stages). */
  results: { id: string; typeCode: string }[];
  reason: string | null;
  endedOn: string | null;
}

export interface StageState {
  status: "waiting" | "running" | "done";
  startedOn: string | null;
  doneOn: string | null;
  /** By item code; empty until the stage starts. */
  slots: Record<string, CaseSlot>;
}

export type ChainStatus = "running" | "blocked" | "completed" | "withdrawn";

/** A chain instance's state, as stored on its row. Dates are China calendar dates (YYYY-MM-DD). */
export interface ChainSnapshot {
  status: ChainStatus;
  startedOn: string;
  endedOn: string | null;
  stages: Record<string, StageState>;
  /** Times the chain was blocked waiting for the applicant; its clock does not run then. */
  pauses: { from: string; to: string | null; reason: string }[];
}

/** What the planner needs of a chain definition (see registry/chains TChainDefinition). */
export interface ChainPlan {
  stages: { key: string; items: string[]; after: string[] }[];
  /** A result of an earlier stage's item that becomes a material of a later stage's item. */
  handoffs: { fromItem: string; resultTypeCode: string; toItem: string; requirementCode: string }[];
}

export type ChainEvent =
  | { type: "start" }
  | {
      type: "caseEnded";
      caseId: string;
      outcome: SlotOutcome;
      reason?: string | null;
      results?: { id: string; typeCode: string }[];
    }
  | { type: "resubmit"; stage: string; itemCode: string }
  | { type: "withdraw"; reason: string };

export type ChainCommand =
  | {
      type: "fileCase";
      caseId: string;
      stage: string;
      itemCode: string;
      attempt: number;
      /** Results of earlier stages to attach as materials (trust level A). */
      handoffs: { requirementCode: string; resultId: string }[];
    }
  | { type: "withdrawCases"; caseIds: string[]; reason: string }
  | {
      type: "notify";
      kind: "stageStarted" | "blocked" | "resumed" | "completed" | "withdrawn";
      stage?: string;
      itemCode?: string;
      reason?: string;
    };

export interface PlanOutcome {
  snapshot: ChainSnapshot;
  commands: ChainCommand[];
}

/** A new chain's snapshot, before its first event. */
export function newChainSnapshot(plan: ChainPlan, today: string): ChainSnapshot {
  return {
    status: "running",
    startedOn: today,
    endedOn: null,
    stages: Object.fromEntries(
      plan.stages.map((s) => [s.key, { status: "waiting", startedOn: null, doneOn: null, slots: {} }]),
    ),
    pauses: [],
  };
}

/**
 * Applies one event. `newId` names the cases the commands file (the runtime passes crypto.randomUUID; tests pass
 * a counter). Throws DomainError INVALID_STATE for an event the chain cannot take (resubmitting an item that has
 * not failed, withdrawing a finished chain); a caseEnded for a case the chain has already recorded as ended is a
 * no-op, so a replayed event does no harm.
 */
export function planChain(
  plan: ChainPlan,
  before: ChainSnapshot,
  event: ChainEvent,
  today: string,
  newId: () => string,
): PlanOutcome {
  const s: ChainSnapshot = structuredClone(before);
  const commands: ChainCommand[] = [];
  const finished = s.status === "completed" || s.status === "withdrawn";
  switch (event.type) {
    case "start":
      if (Object.values(s.stages).some((st) => st.status !== "waiting"))
        throw new DomainError("INVALID_STATE", "该业务链已开始办理");
      startReadyStages(plan, s, today, newId, commands);
      return { snapshot: s, commands };
    case "caseEnded": {
      const found = findSlot(s, event.caseId);
      if (!found) throw new DomainError("NOT_FOUND", "该办件不属于此业务链的当前环节");
      const { stage, itemCode, slot } = found;
      if (slot.status !== "open") return { snapshot: before, commands: [] };
      slot.status = event.outcome;
      slot.reason = event.reason ?? null;
      slot.endedOn = today;
      slot.results = event.results ?? [];
      if (finished) return { snapshot: s, commands };
      if (event.outcome !== "approved") {
        commands.push({ type: "notify", kind: "blocked", stage, itemCode, reason: blockReason(event) });
        block(s, today, blockReason(event));
        return { snapshot: s, commands };
      }
      const st = s.stages[stage];
      if (Object.values(st.slots).every((x) => x.status === "approved")) {
        st.status = "done";
        st.doneOn = today;
      }
      if (s.status === "running") advance(plan, s, today, newId, commands);
      return { snapshot: s, commands };
    }
    case "resubmit": {
      if (finished) throw new DomainError("INVALID_STATE", "该业务链已结束");
      const slot = s.stages[event.stage]?.slots[event.itemCode];
      if (!slot) throw new DomainError("NOT_FOUND", "该业务链没有此环节事项");
      if (slot.status === "open" || slot.status === "approved")
        throw new DomainError("INVALID_STATE", "该事项未被退回或否决，无需重新提交");
      const caseId = newId();
      s.stages[event.stage].slots[event.itemCode] = {
        caseId,
        attempt: slot.attempt + 1,
        status: "open",
        results: [],
        reason: null,
        endedOn: null,
      };
      commands.push({
        type: "fileCase",
        caseId,
        stage: event.stage,
        itemCode: event.itemCode,
        attempt: slot.attempt + 1,
        handoffs: handoffsFor(plan, s, event.itemCode),
      });
      if (!hasFailedSlot(s)) {
        s.status = "running";
        const open = s.pauses.at(-1);
        if (open && open.to === null) open.to = today;
        commands.push({ type: "notify", kind: "resumed", stage: event.stage, itemCode: event.itemCode });
        // A resubmitted item is open again, so nothing new can start yet; advance anyway for stages that were
        // already complete when the chain was blocked elsewhere.
        advance(plan, s, today, newId, commands);
      }
      return { snapshot: s, commands };
    }
    case "withdraw": {
      if (finished) throw new DomainError("INVALID_STATE", "该业务链已结束，不能撤回");
      const open = Object.values(s.stages).flatMap((st) =>
        Object.values(st.slots).filter((x) => x.status === "open"),
      );
      s.status = "withdrawn";
      s.endedOn = today;
      const pause = s.pauses.at(-1);
      if (pause && pause.to === null) pause.to = today;
      if (open.length)
        commands.push({ type: "withdrawCases", caseIds: open.map((x) => x.caseId), reason: event.reason });
      commands.push({ type: "notify", kind: "withdrawn", reason: event.reason });
      return { snapshot: s, commands };
    }
  }
}

const OUTCOME_NAMES: Record<SlotOutcome, string> = {
  approved: "准予",
  denied: "不予许可",
  refused: "不予受理",
  returned: "退件",
  withdrawn: "申请人撤回",
  terminated: "终止办理",
};

function blockReason(e: Extract<ChainEvent, { type: "caseEnded" }>): string {
  return e.reason ? `${OUTCOME_NAMES[e.outcome]}：${e.reason}` : OUTCOME_NAMES[e.outcome];
}

function block(s: ChainSnapshot, today: string, reason: string): void {
  if (s.status === "blocked") return;
  s.status = "blocked";
  s.pauses.push({ from: today, to: null, reason });
}

function hasFailedSlot(s: ChainSnapshot): boolean {
  return Object.values(s.stages).some((st) =>
    Object.values(st.slots).some((x) => x.status !== "open" && x.status !== "approved"),
  );
}

function findSlot(s: ChainSnapshot, caseId: string) {
  for (const [stage, st] of Object.entries(s.stages)) {
    for (const [itemCode, slot] of Object.entries(st.slots)) {
      if (slot.caseId === caseId) return { stage, itemCode, slot };
    }
  }
  return null;
}

/** Starts the stages now ready, or completes the chain when every stage is done. */
function advance(plan: ChainPlan, s: ChainSnapshot, today: string, newId: () => string, out: ChainCommand[]) {
  if (plan.stages.every((st) => s.stages[st.key].status === "done")) {
    s.status = "completed";
    s.endedOn = today;
    out.push({ type: "notify", kind: "completed" });
    return;
  }
  startReadyStages(plan, s, today, newId, out);
}

function startReadyStages(
  plan: ChainPlan,
  s: ChainSnapshot,
  today: string,
  newId: () => string,
  out: ChainCommand[],
) {
  for (const def of plan.stages) {
    const st = s.stages[def.key];
    if (st.status !== "waiting" || !def.after.every((k) => s.stages[k].status === "done")) continue;
    st.status = "running";
    st.startedOn = today;
    out.push({ type: "notify", kind: "stageStarted", stage: def.key });
    for (const itemCode of def.items) {
      const caseId = newId();
      st.slots[itemCode] = { caseId, attempt: 1, status: "open", results: [], reason: null, endedOn: null };
      out.push({
        type: "fileCase",
        caseId,
        stage: def.key,
        itemCode,
        attempt: 1,
        handoffs: handoffsFor(plan, s, itemCode),
      });
    }
  }
}

/** The results of approved items that the definition hands to `itemCode`, by requirement. */
function handoffsFor(plan: ChainPlan, s: ChainSnapshot, itemCode: string) {
  const approved = new Map<string, CaseSlot>();
  for (const st of Object.values(s.stages)) {
    for (const [code, slot] of Object.entries(st.slots))
      if (slot.status === "approved") approved.set(code, slot);
  }
  const out: { requirementCode: string; resultId: string }[] = [];
  for (const h of plan.handoffs) {
    if (h.toItem !== itemCode) continue;
    const r = approved.get(h.fromItem)?.results.find((x) => x.typeCode === h.resultTypeCode);
    if (r && !out.some((o) => o.requirementCode === h.requirementCode))
      out.push({ requirementCode: h.requirementCode, resultId: r.id });
  }
  return out;
}
