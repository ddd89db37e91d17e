import { sqlRows } from "../../platform/index.ts";
import {
  applyCaseFlow,
  type ChainCaseFiling,
  type ChainInstanceRow,
  type Ctx,
  establishEnterprise,
  fileChainCases,
  insertChainInstance,
  loadCaseForFlow,
  type NewCaseEvent,
  type StageCode,
  saveChainInstance,
  toChinaDate,
} from "../../registry/index.ts";
import {
  type ChainCommand,
  type ChainEvent,
  type ChainSnapshot,
  itemFormData,
  type PlanOutcome,
  planChain,
  type SlotOutcome,
} from "../engine/index.ts";
import type { PlannedCaseAction } from "./case-action-plan.ts";
import { planCaseAction } from "./case-action-plan.ts";
import { ancestorsOfDefinition } from "./chain-definition.ts";
import { forgetChainInstance, rememberChainInstance } from "./known-instances.ts";
import { cachedWorkCalendar } from "./work-calendar-cache.ts";

/** The actor recorded on the cases a chain files by itself (later stages, after the applicant's application). */
export const CHAIN_ENGINE_ACTOR = { type: "system", name: "一件事联办" } as const;

/** The chain event for a case of a chain that has just ended (its planned action ends it). */
export function caseEndedEvent(caseId: string, p: PlannedCaseAction): ChainEvent {
  const s = p.snapshot;
  const outcome: SlotOutcome =
    s.status === "concluded"
      ? s.decision?.approve
        ? "approved"
        : "denied"
      : (s.status as Exclude<SlotOutcome, "approved" | "denied">);
  const fromEvent = p.flowEvents.map((e) => e.payload.reason).find((r) => typeof r === "string") as
    | string
    | undefined;
  const reason = outcome === "denied" ? (s.decision?.reasons ?? fromEvent ?? null) : (fromEvent ?? null);
  return { type: "caseEnded", caseId, outcome, reason, results: p.result ? [p.result] : [] };
}

/**
 * Feeds one event to the planner for a chain instance locked by the caller's transaction (loadChainInstance with
 * lock) and applies the commands in that transaction: files the cases of the stages that start (with the
 * combined form mapped onto each item, the one material set and the earlier stages' results), registers the
 * enterprise an approved 营业执照 establishes, withdraws the open cases of a withdrawn chain where the case flow
 * still allows it, and stores the new snapshot with a `chain.event` outbox row per notification. `replace`
 * carries an amended combined form and material set (resubmission).
 */
export async function advanceChain(
  ctx: Ctx,
  instance: ChainInstanceRow,
  event: ChainEvent,
  replace?: { formData: Record<string, unknown>; materials: ChainInstanceRow["materials"] },
): Promise<PlanOutcome> {
  const def = instance.definition;
  const today = toChinaDate(ctx.now);
  let inst = replace ? { ...instance, ...replace } : instance;
  let out = planChain(def, instance.snapshot as unknown as ChainSnapshot, event, today, () =>
    crypto.randomUUID(),
  );
  const notes: Record<string, unknown>[] = [];
  let establishedEnterprise: string | undefined;

  // 企业开办: the approved establishment registers the enterprise before anything is filed for it.
  if (event.type === "caseEnded" && establishes(inst, event)) {
    const code = def.establishesEnterprise as string;
    const [dept] = await sqlRows<{ region_code: string }>(
      ctx.em,
      "select region_code from department where id = ?",
      [def.items[code].departmentId],
    );
    const e = await establishEnterprise(ctx.em, {
      personId: inst.applicantPersonId,
      form: inst.formData,
      regionCode: dept.region_code,
      on: today,
      resultId: event.results?.find((r) => r.typeCode === def.items[code].resultTypeCode)?.id ?? null,
      actor: ctx.actor,
      at: ctx.now,
    });
    establishedEnterprise = e.enterpriseId;
    inst = { ...inst, applicantEnterpriseId: e.enterpriseId };
    notes.push({ kind: "enterpriseEstablished", enterpriseId: e.enterpriseId, uscc: e.uscc });
  }

  const filings = out.commands.flatMap((c) => (c.type === "fileCase" ? [c] : []));
  if (filings.length) {
    const derived = await derivedFields(ctx, inst);
    await fileChainCases(
      ctx.em,
      // A resubmission is the applicant's own filing; anything else here is the engine's.
      filings.map((cmd) => filing(ctx, inst, cmd, derived, event.type === "resubmit")),
    );
  }
  for (const cmd of out.commands)
    if (cmd.type === "withdrawCases") out = await withdrawOpenCases(ctx, inst, out, cmd, today);

  const s = out.snapshot;
  await saveChainInstance(ctx.em, inst.id, {
    snapshot: s as unknown as Record<string, unknown>,
    status: s.status,
    ended: s.endedOn !== null && instance.snapshot.endedOn == null ? ctx.now : null,
    applicantEnterpriseId: establishedEnterprise,
    formData: replace?.formData,
    materials: replace?.materials,
    outbox: notifications(inst, out, notes),
  });
  forgetChainInstance(inst.id);
  return out;
}

/**
 * Files a new chain: plans its start and writes the instance, in the state that leaves it, with the cases of its
 * first stage(s) and its outbox rows, in one statement. `instance` is the new row as it will be (not yet
 * written, so nobody else can see it and there is nothing to lock).
 */
export async function fileNewChain(
  ctx: Ctx,
  instance: ChainInstanceRow & { chainId: string },
): Promise<PlanOutcome> {
  const before = instance.snapshot as unknown as ChainSnapshot;
  const out = planChain(instance.definition, before, { type: "start" }, toChinaDate(ctx.now), () =>
    crypto.randomUUID(),
  );
  const fileCmds = out.commands.flatMap((x) => (x.type === "fileCase" ? [x] : []));
  const derived = fileCmds.length ? await derivedFields(ctx, instance) : {};
  const row = {
    ...instance,
    snapshot: out.snapshot as unknown as Record<string, unknown>,
    status: out.snapshot.status,
  };
  await insertChainInstance(
    ctx.em,
    row,
    fileCmds.map((cmd) => filing(ctx, instance, cmd, derived, true)),
    notifications(instance, out),
  );
  // Committed by itself: as inserted, for the first of its cases to end (endChainCase).
  if (!ctx.em.getTransactionContext()) {
    const { chainId: _, ...inserted } = row;
    rememberChainInstance({ ...inserted, snapshot: JSON.parse(JSON.stringify(row.snapshot)) }, true);
  }
  return out;
}

/** Whether this approved case is the one whose approval establishes the chain's enterprise (企业开办). */
export function establishes(
  inst: ChainInstanceRow,
  event: Extract<ChainEvent, { type: "caseEnded" }>,
): boolean {
  const code = inst.definition.establishesEnterprise;
  if (!code || event.outcome !== "approved" || inst.applicantEnterpriseId) return false;
  const stages = (inst.snapshot as unknown as ChainSnapshot).stages;
  return Object.values(stages).some((st) => st.slots[code]?.caseId === event.caseId);
}

export function notifications(
  inst: ChainInstanceRow,
  out: PlanOutcome,
  extra: Record<string, unknown>[] = [],
) {
  const notes = [
    ...extra,
    ...out.commands.flatMap((cmd) =>
      cmd.type === "notify"
        ? [{ kind: cmd.kind, stage: cmd.stage, itemCode: cmd.itemCode, reason: cmd.reason }]
        : [],
    ),
  ];
  return notes.map((n) => ({ instanceId: inst.id, instanceNo: inst.instanceNo, ...n }));
}

/**
 * What a case's ending did to its chain, as events of that case for its applicant: the chain paused (this case
 * was denied, refused or returned; the applicant may amend and resubmit it, or withdraw the chain) or the chain's
 * last case is done. Recorded in the case's own hash chain, in the statement that ends the case, so the space's
 * messages and the case timeline carry them. `stage` is the stage of the case's ending event.
 */
export function chainNoticeEvents(
  ctx: Ctx,
  inst: ChainInstanceRow,
  out: PlanOutcome,
  stage: StageCode,
): NewCaseEvent[] {
  const chain = {
    instanceId: inst.id,
    instanceNo: inst.instanceNo,
    chainCode: inst.chainCode,
    name: inst.definition.name,
  };
  return out.commands.flatMap((cmd): NewCaseEvent[] =>
    cmd.type === "notify" && (cmd.kind === "blocked" || cmd.kind === "completed")
      ? [
          {
            stage,
            action: cmd.kind === "blocked" ? "chainBlocked" : "chainCompleted",
            actor: CHAIN_ENGINE_ACTOR,
            at: ctx.now,
            payload: cmd.kind === "blocked" ? { chain, reason: cmd.reason } : { chain },
          },
        ]
      : [],
  );
}

/** Values the chain fills itself: the USCC of the enterprise the applicant acts for or the chain established. */
export async function derivedFields(ctx: Ctx, inst: ChainInstanceRow): Promise<Record<string, unknown>> {
  if (!inst.definition.derivedFields.length || !inst.applicantEnterpriseId) return {};
  const [e] = await sqlRows<{ uscc: string }>(ctx.em, "select uscc from enterprise where id = ?", [
    inst.applicantEnterpriseId,
  ]);
  return e ? { uscc: e.uscc } : {};
}

/** What filing one case of a fileCase command writes. */
export function filing(
  ctx: Ctx,
  inst: ChainInstanceRow,
  cmd: Extract<ChainCommand, { type: "fileCase" }>,
  derived: Record<string, unknown>,
  byApplicant: boolean,
): ChainCaseFiling {
  const def = inst.definition;
  const item = def.items[cmd.itemCode];
  const est = def.establishesEnterprise;
  // After the stage that establishes the enterprise, the enterprise applies (its legal representative acting).
  const forEnterprise =
    inst.applicantType === "enterprise" ||
    (est !== null && ancestorsOfDefinition(def).get(cmd.stage)?.has(def.items[est].stage) === true);
  const handed = new Map(cmd.handoffs.map((h) => [h.requirementCode, h.resultId]));
  const materials = item.requirementCodes.flatMap((code): ChainCaseFiling["materials"] => {
    const resultId = handed.get(code);
    if (resultId) return [{ code, materialId: null, resultId, consentAt: ctx.now.toISOString() }];
    const m = inst.materials[code];
    if (!m) return [];
    return "materialId" in m
      ? [{ code, materialId: m.materialId, resultId: null, consentAt: null }]
      : [{ code, materialId: null, resultId: m.resultId, consentAt: m.consentAt }];
  });
  return {
    caseId: cmd.caseId,
    instanceId: inst.id,
    instanceNo: inst.instanceNo,
    stage: cmd.stage,
    attempt: cmd.attempt,
    itemVersionId: item.versionId,
    departmentId: item.departmentId,
    departmentCode: item.departmentCode,
    applicantType: forEnterprise ? "enterprise" : "person",
    applicantPersonId: inst.applicantPersonId,
    applicantEnterpriseId: forEnterprise ? inst.applicantEnterpriseId : null,
    formData: itemFormData(item, def.fieldMaps, inst.formData, forEnterprise ? derived : {}),
    materials,
    event: {
      stage: "网上申报/接件",
      action: "submit",
      actor: byApplicant ? ctx.actor : CHAIN_ENGINE_ACTOR,
      at: ctx.now,
      payload: {
        channel: "online",
        itemVersion: item.version,
        materials: materials.map((m) => m.code),
        chain: {
          instanceNo: inst.instanceNo,
          chainCode: inst.chainCode,
          stage: cmd.stage,
          attempt: cmd.attempt,
        },
        ...(cmd.handoffs.length ? { handoffs: cmd.handoffs } : {}),
      },
    },
  };
}

/**
 * A withdrawn chain's open cases: those not yet accepted are withdrawn (撤回) as the applicant; the others, which
 * a department has accepted, run to their decision. Each withdrawal is recorded on the (already withdrawn)
 * chain's snapshot.
 */
async function withdrawOpenCases(
  ctx: Ctx,
  inst: ChainInstanceRow,
  out: PlanOutcome,
  cmd: Extract<ChainCommand, { type: "withdrawCases" }>,
  today: string,
): Promise<PlanOutcome> {
  const cal = await cachedWorkCalendar(ctx.em, ctx.now);
  let snapshot = out.snapshot;
  for (const caseId of cmd.caseIds) {
    const c = await loadCaseForFlow(ctx.em, caseId);
    if (c.acceptedAt !== null || !["draft", "submitted", "supplement_requested"].includes(c.status)) continue;
    const actor = { id: c.applicantPersonId, name: ctx.actor.name, kind: "applicant" as const, roles: [] };
    const planned = await planCaseAction(ctx, c, { type: "withdraw", reason: cmd.reason }, actor, cal);
    await applyCaseFlow(ctx.em, c, planned.change, planned.followUps);
    snapshot = planChain(
      inst.definition,
      snapshot,
      { type: "caseEnded", caseId, outcome: "withdrawn", reason: cmd.reason },
      today,
      () => crypto.randomUUID(),
    ).snapshot;
  }
  return { snapshot, commands: out.commands };
}
