import { DomainError, sqlRows } from "../../platform/index.ts";
import {
  applicantScope,
  type ChainInstanceRow,
  type ChainMaterial,
  type Ctx,
  loadChainInstance,
  loadCurrentChain,
  type TChainDefinition,
} from "../../registry/index.ts";
import { type ChainClockView, type ChainSnapshot, chainClock } from "../engine/index.ts";
import type { CaseSnapshot } from "../flow/index.ts";
import { clockStatus } from "../time/index.ts";
import { applicantInstance } from "./chain-application.ts";
import { cachedWorkCalendar } from "./work-calendar-cache.ts";

/** A chain in the catalog (一件事 list). */
export interface ChainListEntry {
  code: string;
  name: string;
  summary: string;
  promiseDays: number;
  /** The items' promised days one after another: what applying item by item would take. */
  separateDays: number;
  stageCount: number;
  itemCount: number;
  departments: string[];
  subjectTypes: string[];
}

/** A chain's guide (一件事办事指南): stages, departments, the one set of materials, what is passed on. */
export interface ChainGuideView extends ChainListEntry {
  version: number;
  keywords: string[];
  stages: {
    key: string;
    name: string;
    after: string[];
    items: {
      code: string;
      name: string;
      departmentName: string;
      promisedDays: number;
      statutoryDays: number;
      resultTypeName: string | null;
    }[];
  }[];
  materials: (Omit<ChainMaterial, "items"> & { items: string[] })[];
  handoffs: { from: string; resultTypeName: string; to: string; requirementCode: string }[];
  /** Materials an item lists that the chain does not ask for (减材料), and why. */
  waived: { item: string; requirementCode: string; reason: string }[];
  /** The combined form (一表申请) with its field count, for the apply page. */
  formSchema: TChainDefinition["formSchema"];
  fieldCount: number;
  establishesEnterprise: string | null;
}

function listEntry(def: TChainDefinition): ChainListEntry {
  const items = Object.values(def.items);
  return {
    code: def.code,
    name: def.name,
    summary: def.summary,
    promiseDays: def.effectivePromiseDays,
    separateDays: items.reduce((sum, i) => sum + i.promisedDays, 0),
    stageCount: def.stages.length,
    itemCount: items.length,
    departments: [...new Set(items.map((i) => i.departmentName))],
    subjectTypes: def.subjectTypes,
  };
}

/** The active chains, for the catalog; public. */
export async function listChains(ctx: Ctx): Promise<ChainListEntry[]> {
  const rows = await sqlRows<{ code: string }>(
    ctx.em,
    "select code from chain where status = 'active' order by code",
  );
  const out: ChainListEntry[] = [];
  for (const r of rows) out.push(listEntry((await loadCurrentChain(ctx.em, r.code)).definition));
  return out;
}

/** One chain's guide; public. */
export async function getChainGuide(ctx: Ctx, code: string): Promise<ChainGuideView> {
  if (!/^[A-Z][A-Z0-9-]{2,39}$/.test(code)) throw new DomainError("NOT_FOUND", "未找到该业务链");
  const { definition: def, version } = await loadCurrentChain(ctx.em, code);
  const name = (c: string) => def.items[c]?.name ?? c;
  return {
    ...listEntry(def),
    version,
    keywords: def.keywords,
    stages: def.stages.map((s) => ({
      key: s.key,
      name: s.name,
      after: s.after,
      items: s.items.map((c) => {
        const i = def.items[c];
        return {
          code: c,
          name: i.name,
          departmentName: i.departmentName,
          promisedDays: i.promisedDays,
          statutoryDays: i.statutoryDays,
          resultTypeName: i.resultTypeName,
        };
      }),
    })),
    materials: def.materials.map((m) => ({ ...m, items: m.items.map(name) })),
    handoffs: def.handoffs.map((h) => ({
      from: name(h.fromItem),
      resultTypeName: def.items[h.fromItem]?.resultTypeName ?? h.resultTypeCode,
      to: name(h.toItem),
      requirementCode: h.requirementCode,
    })),
    waived: (def.waive ?? []).map((w) => ({
      item: name(w.itemCode),
      requirementCode: w.requirementCode,
      reason: w.reason,
    })),
    formSchema: def.formSchema,
    fieldCount: Object.keys(def.formSchema.properties).length,
    establishesEnterprise: def.establishesEnterprise ? name(def.establishesEnterprise) : null,
  };
}

/** A row of the applicant's chain list (我的一件事). */
export interface MyChainEntry {
  id: string;
  instanceNo: string;
  chainCode: string;
  chainName: string;
  status: ChainSnapshot["status"];
  submittedAt: string;
  promisedDeadline: string | null;
  stagesDone: number;
  stageCount: number;
}

/** The signed-in applicant's chain applications (as the person, or the enterprise they act for), newest first. */
export async function listMyChains(ctx: Ctx, opts: { limit?: number } = {}): Promise<MyChainEntry[]> {
  const scope = await applicantScope(ctx);
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const rows = await sqlRows<{
    id: string;
    instance_no: string;
    code: string;
    name: string;
    status: ChainSnapshot["status"];
    submitted_at: string;
    promised_deadline: string | null;
    snapshot: ChainSnapshot;
  }>(
    ctx.em,
    `select ci.id, ci.instance_no, ch.code, ch.name, ci.status, ci.submitted_at,
            ci.promised_deadline::text as promised_deadline, ci.snapshot
     from chain_instance ci join chain ch on ch.id = ci.chain_id
     where ${scope.type === "person" ? "ci.applicant_person_id = ? and ci.applicant_type = 'person'" : "ci.applicant_enterprise_id = ?"}
     order by ci.submitted_at desc limit ?`,
    [scope.type === "person" ? scope.personId : scope.enterpriseId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    instanceNo: r.instance_no,
    chainCode: r.code,
    chainName: r.name,
    status: r.status,
    submittedAt: new Date(r.submitted_at).toISOString(),
    promisedDeadline: r.promised_deadline,
    stagesDone: Object.values(r.snapshot.stages).filter((s) => s.status === "done").length,
    stageCount: Object.keys(r.snapshot.stages).length,
  }));
}

/** One item of a stage in the progress diagram. */
export interface ChainProgressItem {
  code: string;
  name: string;
  departmentName: string;
  /** The latest attempt's case (null before the stage starts). */
  caseId: string | null;
  caseNo: string | null;
  attempt: number;
  caseStatus: string | null;
  outcome: "open" | "approved" | "denied" | "refused" | "returned" | "withdrawn" | "terminated" | "waiting";
  reason: string | null;
  remainingWorkingDays: number | null;
  level: "none" | "yellow" | "red";
  /** The department's share of the chain's promise (its stage's due date). */
  dueOn: string;
}

/** A chain instance's progress (the diagram in the applicant's space and the clerk's view). */
export interface ChainProgressView {
  id: string;
  instanceNo: string;
  chainCode: string;
  chainName: string;
  version: number;
  status: ChainSnapshot["status"];
  submittedAt: string;
  clock: ChainClockView;
  blockedReason: string | null;
  stages: {
    key: string;
    name: string;
    after: string[];
    status: "waiting" | "running" | "done";
    dueOn: string;
    shareDays: number;
    level: "none" | "yellow" | "red";
    items: ChainProgressItem[];
  }[];
  /**
   * What the applicant may do now (empty for staff). The combined form as filed is not part of the view: it holds
   * the registered numbers in clear; the amend page reads it masked (chain-apply-context.ts).
   */
  applicantActions: { resubmit: { stage: string; itemCode: string; name: string }[]; withdraw: boolean };
}

/**
 * The progress of a chain instance, for its applicant or for staff of a department that handles one of its
 * items; anyone else gets NOT_FOUND.
 */
export async function getChainProgress(ctx: Ctx, instanceId: string): Promise<ChainProgressView> {
  const a = ctx.actor;
  let inst: ChainInstanceRow;
  let asApplicant = false;
  if (a.type === "person" && a.staff) {
    inst = await loadChainInstance(ctx.em, instanceId);
    const departmentId = a.staff.departmentId;
    if (!Object.values(inst.definition.items).some((i) => i.departmentId === departmentId))
      throw new DomainError("NOT_FOUND", "未找到该业务链办件");
  } else if (a.type === "system") {
    inst = await loadChainInstance(ctx.em, instanceId);
  } else {
    inst = await applicantInstance(ctx, instanceId);
    asApplicant = true;
  }
  const def = inst.definition;
  const snap = inst.snapshot as unknown as ChainSnapshot;
  const cal = await cachedWorkCalendar(ctx.em, ctx.now);
  const clock = chainClock(cal, def, snap, ctx.now);
  const cases = await sqlRows<{
    id: string;
    case_no: string;
    status: string;
    flow: CaseSnapshot | null;
    concluded_at: string | null;
  }>(ctx.em, "select id, case_no, status, flow, concluded_at from case_file where chain_instance_id = ?", [
    inst.id,
  ]);
  const byId = new Map(cases.map((c) => [c.id, c]));
  const stages = def.stages.map((st) => {
    const state = snap.stages[st.key];
    const share = clock.stages[st.key];
    return {
      key: st.key,
      name: st.name,
      after: st.after,
      status: state.status,
      dueOn: share.dueOn,
      shareDays: share.shareDays,
      level: share.level,
      items: st.items.map((code): ChainProgressItem => {
        const ref = def.items[code];
        const slot = state.slots[code];
        const row = slot ? byId.get(slot.caseId) : undefined;
        const caseClock =
          row?.flow && slot?.status === "open"
            ? clockStatus(cal, row.flow.clock, ctx.now)
            : row?.flow && row.concluded_at
              ? clockStatus(cal, row.flow.clock, new Date(row.concluded_at))
              : null;
        return {
          code,
          name: ref.name,
          departmentName: ref.departmentName,
          caseId: slot?.caseId ?? null,
          caseNo: row?.case_no ?? null,
          attempt: slot?.attempt ?? 0,
          caseStatus: row?.status ?? null,
          outcome: slot ? slot.status : "waiting",
          reason: slot?.reason ?? null,
          remainingWorkingDays: caseClock?.remainingWorkingDays ?? null,
          level: caseClock?.level ?? "none",
          dueOn: share.dueOn,
        };
      }),
    };
  });
  const failed = stages.flatMap((s) =>
    s.items
      .filter((i) => !["open", "approved", "waiting"].includes(i.outcome))
      .map((i) => ({ stage: s.key, ...i })),
  );
  const live = snap.status === "running" || snap.status === "blocked";
  return {
    id: inst.id,
    instanceNo: inst.instanceNo,
    chainCode: inst.chainCode,
    chainName: def.name,
    version: inst.version,
    status: snap.status,
    submittedAt: inst.submittedAt.toISOString(),
    clock,
    blockedReason: snap.status === "blocked" ? (snap.pauses.at(-1)?.reason ?? null) : null,
    stages,
    applicantActions: {
      resubmit:
        asApplicant && live ? failed.map((f) => ({ stage: f.stage, itemCode: f.code, name: f.name })) : [],
      withdraw: asApplicant && live,
    },
  };
}
