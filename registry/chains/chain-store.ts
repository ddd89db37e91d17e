import {
  DomainError,
  type EntityManager,
  OUTBOX_NOTIFY_SQL,
  outboxInsertCte,
  sqlRows,
} from "../../platform/index.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import { caseEventParams, chainCaseEvents, type NewCaseEvent } from "../cases/append-case-event.ts";
import type { CaseFlowFollowUp, CaseFlowGuard } from "../cases/apply-case-flow.ts";
import { rememberFiledCases } from "../cases/load-case-for-flow.ts";
import type { TChainDefinition } from "./chain.schema.ts";
import { type ChainInstanceRow, definitionOf } from "./chain-instance-row.ts";

/*
 * The write side of chain instances, in SQL: the chain runtime (chain/runtime) locks an instance, runs the pure
 * planner, and applies its commands through these functions inside one transaction.
 */

/** Hands out the next chain instance number `YJS-{yyyymmdd}-{6-digit sequence}` (一件事). */
export const CHAIN_NUMBER_PREFIX = "YJS";

/** The next chain instance number `YJS-{yyyymmdd}-{6-digit sequence}` (一件事) of the China day of `at`. */
export async function allocateChainNumber(em: EntityManager, at: Date): Promise<string> {
  const day = toChinaDate(at).replaceAll("-", "");
  const [row] = await sqlRows<{ last: number }>(
    em,
    `insert into case_number_sequence (department_code, day, last) values (?, ?, 1)
     on conflict (department_code, day) do update set last = case_number_sequence.last + 1
     returning last`,
    [CHAIN_NUMBER_PREFIX, day],
  );
  return `${CHAIN_NUMBER_PREFIX}-${day}-${String(row.last).padStart(6, "0")}`;
}

/**
 * Inserts a new chain instance in the state the planner left it after its start, together with the cases of
 * its first stage(s) and its `chain.event` outbox rows, in one statement (all or nothing).
 */
export async function insertChainInstance(
  em: EntityManager,
  i: ChainInstanceRow & { chainId: string },
  filings: readonly ChainCaseFiling[],
  outbox: Record<string, unknown>[],
): Promise<void> {
  const f = filings.length ? filingCtes(filings, "ins") : null;
  const [row] = await sqlRows<{ case_nos?: string[] }>(
    em,
    `with ins as (
       insert into chain_instance (id, instance_no, chain_id, chain_version_id, applicant_type, applicant_person_id,
         applicant_enterprise_id, status, form_data, materials, snapshot, submitted_at, promised_deadline, ended_at,
         created_at, updated_at, version)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?::date, null, now(), now(), ?)
       returning id),
     ${outboxInsertCte("o", "ins")}${f ? `,\n     ${f.sql}` : ""}
     select ${OUTBOX_NOTIFY_SQL}${f ? `, ${f.select}` : ""} from ins`,
    [
      i.id,
      i.instanceNo,
      i.chainId,
      i.chainVersionId,
      i.applicantType,
      i.applicantPersonId,
      i.applicantEnterpriseId,
      i.status,
      JSON.stringify(i.formData),
      JSON.stringify(i.materials),
      JSON.stringify(i.snapshot),
      i.submittedAt.toISOString(),
      i.promisedDeadline,
      i.version,
      "chain.event",
      JSON.stringify(outbox),
      ...(f?.params ?? []),
    ],
  );
  if (row?.case_nos) await rememberChainFilings(em, filings, row.case_nos);
}

/**
 * After a statement that filed `filings` (numbered `caseNos`) has committed by itself, the cases as filed, for
 * their first action (rememberFiledCases); inside a transaction, which may still roll back, nothing.
 */
export async function rememberChainFilings(
  em: EntityManager,
  filings: readonly ChainCaseFiling[],
  caseNos: readonly (string | null)[],
): Promise<void> {
  if (em.getTransactionContext() || caseNos.length !== filings.length) return;
  await rememberFiledCases(
    em,
    filings.flatMap((f, i) => {
      const caseNo = caseNos[i];
      if (!caseNo) return [];
      const hash = firstEventHash.get(f) ?? chainCaseEvents(f.caseId, 0, null, [f.event])[0].hash;
      return [
        {
          caseId: f.caseId,
          caseNo,
          itemVersionId: f.itemVersionId,
          departmentId: f.departmentId,
          departmentCode: f.departmentCode,
          applicantPersonId: f.applicantPersonId,
          applicantEnterpriseId: f.applicantEnterpriseId,
          formData: f.formData,
          submittedAt: f.event.at,
          firstEventHash: hash,
          chainInstanceId: f.instanceId,
        },
      ];
    }),
  );
}

/** A chain instance's new state, as the planner left it. */
export interface ChainInstanceChange {
  snapshot: Record<string, unknown>;
  status: ChainInstanceRow["status"];
  ended: Date | null;
  applicantEnterpriseId?: string;
  /** An amended combined form and material set (resubmission after a denial). */
  formData?: Record<string, unknown>;
  materials?: ChainInstanceRow["materials"];
  /** `chain.event` outbox payloads (the planner's notifications). */
  outbox: Record<string, unknown>[];
}

function instanceUpdate(id: string, change: ChainInstanceChange, version?: number) {
  return {
    sql: `update chain_instance set snapshot = ?::jsonb, status = ?, ended_at = coalesce(?::timestamptz, ended_at),
         applicant_enterprise_id = coalesce(?::uuid, applicant_enterprise_id),
         form_data = coalesce(?::jsonb, form_data), materials = coalesce(?::jsonb, materials), updated_at = now(),
         version = version + 1
       where id = ?${version === undefined ? "" : " and version = ?"} returning id`,
    params: [
      JSON.stringify(change.snapshot),
      change.status,
      change.ended?.toISOString() ?? null,
      change.applicantEnterpriseId ?? null,
      change.formData ? JSON.stringify(change.formData) : null,
      change.materials ? JSON.stringify(change.materials) : null,
      id,
      ...(version === undefined ? [] : [version]),
    ],
  };
}

/** Stores the planner's new snapshot on an instance locked by the caller, with its `chain.event` outbox rows. */
export async function saveChainInstance(
  em: EntityManager,
  id: string,
  change: ChainInstanceChange,
): Promise<void> {
  const up = instanceUpdate(id, change);
  await sqlRows(
    em,
    `with u as (${up.sql}),
     ${outboxInsertCte("o", "u")}
     select ${OUTBOX_NOTIFY_SQL} from u`,
    [...up.params, "chain.event", JSON.stringify(change.outbox)],
  );
}

/**
 * The chain side of a case that ends, for the same statement as the case's own change (applyCaseFlow): the
 * guard `g` updates the instance to the planner's new state only if it is still at the version the planner
 * read (a sibling case ending in between makes it miss: re-read and plan again), and the follow-ups write its
 * outbox rows and file the cases of the stages that start, all gated on the case update `u`.
 */
export function chainAdvanceWrite(
  instanceId: string,
  readVersion: number,
  change: ChainInstanceChange,
  filings: readonly ChainCaseFiling[],
): { guard: CaseFlowGuard; followUps: CaseFlowFollowUp[] } {
  const guard = instanceUpdate(instanceId, change, readVersion);
  const followUps: CaseFlowFollowUp[] = [
    {
      sql: `co as (insert into outbox (topic, payload, created_at)
       select 'chain.event', p, now() from u, jsonb_array_elements(?::jsonb) p)`,
      params: [JSON.stringify(change.outbox)],
    },
  ];
  if (filings.length) followUps.push(filingCtes(filings, "u"));
  return { guard, followUps };
}

/** One case a chain files: which item (pinned version), for whom, with which form data and materials. */
export interface ChainCaseFiling {
  caseId: string;
  instanceId: string;
  instanceNo: string;
  stage: string;
  attempt: number;
  itemVersionId: string;
  departmentId: string;
  departmentCode: string;
  applicantType: "person" | "enterprise";
  applicantPersonId: string;
  applicantEnterpriseId: string | null;
  formData: Record<string, unknown>;
  /** requirement code → a material, or a result (a handoff or a held result the applicant consented to). */
  materials: { code: string; materialId: string | null; resultId: string | null; consentAt: string | null }[];
  event: NewCaseEvent;
}

/**
 * The chain side of an approved case that does not complete its stage, written without a version guard so that
 * siblings ending together do not undo each other: `g` sets only this case's slot in the stored snapshot, and
 * only while the instance is running, the slot still holds this case open, and another case of the stage is
 * still open — the conditions under which the planner, given the current row, would do exactly that and
 * nothing else. PostgreSQL re-checks them on the latest row when a sibling commits first; when they fail (this
 * is the stage's last case, or the chain was blocked meanwhile) the guard misses and the caller plans under the
 * instance lock.
 */
export function chainSlotWrite(
  instanceId: string,
  stage: string,
  itemCode: string,
  slot: { caseId: string },
): { guard: CaseFlowGuard; followUps: CaseFlowFollowUp[] } {
  return {
    guard: {
      sql: `update chain_instance set snapshot = jsonb_set(snapshot, ?::text[], ?::jsonb), updated_at = now(),
         version = version + 1
       where id = ? and status = 'running'
         and snapshot->'stages'->?->'slots'->?->>'caseId' = ?
         and snapshot->'stages'->?->'slots'->?->>'status' = 'open'
         and exists (select 1 from jsonb_each(snapshot->'stages'->?->'slots') as o(item, s)
                     where o.item <> ? and o.s->>'status' = 'open')
       returning id`,
      params: [
        ["stages", stage, "slots", itemCode],
        JSON.stringify(slot),
        instanceId,
        stage,
        itemCode,
        slot.caseId,
        stage,
        itemCode,
        stage,
        itemCode,
      ],
    },
    followUps: [],
  };
}

/**
 * Files cases of a chain in one statement: per case, the case row (number from its department's daily counter,
 * status submitted), its first hash-chained event (网上申报/接件), its materials and a `case.submitted` outbox
 * event. Returns the case numbers in order.
 */
export async function fileChainCases(
  em: EntityManager,
  filings: readonly ChainCaseFiling[],
): Promise<string[]> {
  if (!filings.length) return [];
  const f = filingCtes(filings);
  const [row] = await sqlRows<{ case_nos: (string | null)[] }>(
    em,
    `with ${f.sql}
     select ${f.select}, ${OUTBOX_NOTIFY_SQL}`,
    f.params,
  );
  if (row.case_nos.some((n) => n === null)) throw new DomainError("NOT_FOUND", "业务链引用的事项版本不存在");
  await rememberChainFilings(em, filings, row.case_nos);
  return row.case_nos as string[];
}

/** The hash of each filing's first event, as filingCtes chained it (for rememberChainFilings). */
const firstEventHash = new WeakMap<ChainCaseFiling, string>();

/**
 * The CTEs that file `filings` (see fileChainCases); with `gate`, they write only when the CTE of that name
 * returned a row. Their `select` column `case_nos` lists the new case numbers.
 */
function filingCtes(
  filings: readonly ChainCaseFiling[],
  gate?: string,
): CaseFlowFollowUp & { select: string } {
  const ctes: string[] = [];
  const params: unknown[] = [];
  // One counter update per department and day (a row may be updated only once per statement): it takes a block
  // of numbers, and each case takes its place in the block.
  const blocks = new Map<string, { name: string; size: number }>();
  const place: { block: string; offset: number }[] = [];
  for (const f of filings) {
    const key = `${f.departmentCode}:${toChinaDate(f.event.at).replaceAll("-", "")}`;
    const b = blocks.get(key) ?? { name: `fn${blocks.size}`, size: 0 };
    place.push({ block: b.name, offset: b.size });
    b.size += 1;
    blocks.set(key, b);
  }
  for (const [key, b] of blocks) {
    const [dept, day] = key.split(":");
    ctes.push(`${b.name} as (
       insert into case_number_sequence (department_code, day, last)
       select ?, ?, ?${gate ? ` where exists (select 1 from ${gate})` : ""}
       on conflict (department_code, day) do update set last = case_number_sequence.last + excluded.last
       returning last - ${b.size} as base)`);
    params.push(dept, day, b.size);
  }
  filings.forEach((f, i) => {
    const [e] = chainCaseEvents(f.caseId, 0, null, [f.event]);
    firstEventHash.set(f, e.hash);
    const day = toChinaDate(f.event.at).replaceAll("-", "");
    const n = place[i];
    ctes.push(`fc${i} as (
       insert into case_file (id, case_no, item_id, item_version_id, department_id, applicant_type,
         applicant_person_id, applicant_enterprise_id, channel, status, form_data, submitted_at, event_count,
         last_event_hash, chain_instance_id, chain_stage, created_at, updated_at, version)
       select ?, ? || lpad((${n.block}.base + ${n.offset + 1})::text, 6, '0'), v.item_id, v.id, ?, ?, ?, ?, 'online',
              'submitted', ?::jsonb, ?, 1, ?, ?, ?, now(), now(), 1
       from ${n.block}, service_item_version v where v.id = ?
       returning id, case_no),
     fe${i} as (
       insert into case_event (case_id, seq, stage, action, actor_type, actor_id, actor_name, at, payload,
                               prev_hash, hash)
       select fc${i}.id, 1, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ? from fc${i}),
     fm${i} as (
       insert into case_material (id, case_id, requirement_code, material_id, result_id, reuse_consent_at,
                                  created_at)
       select gen_random_uuid(), fc${i}.id, r.code, r.material_id, r.result_id, r.consent_at, now()
       from fc${i}, jsonb_to_recordset(?::jsonb) as r(code text, material_id uuid, result_id uuid,
                                                      consent_at timestamptz)),
     fo${i} as (
       insert into outbox (topic, payload, created_at)
       select 'case.submitted', jsonb_build_object('caseId', fc${i}.id, 'caseNo', fc${i}.case_no,
              'departmentCode', ?::text, 'chainInstanceId', ?::text), now()
       from fc${i})`);
    params.push(
      f.caseId,
      `${f.departmentCode}-${day}-`,
      f.departmentId,
      f.applicantType,
      f.applicantPersonId,
      f.applicantEnterpriseId,
      JSON.stringify(f.formData),
      f.event.at.toISOString(),
      e.hash,
      f.instanceId,
      f.stage,
      f.itemVersionId,
      ...caseEventParams(e),
      JSON.stringify(
        f.materials.map((m) => ({
          code: m.code,
          material_id: m.materialId,
          result_id: m.resultId,
          consent_at: m.consentAt,
        })),
      ),
      f.departmentCode,
      f.instanceId,
    );
  });
  return {
    sql: ctes.join(",\n     "),
    params,
    select: `array[${filings.map((_, i) => `(select case_no from fc${i})`).join(", ")}]::text[] as case_nos`,
  };
}

/** A chain's current published version, for a new application; NOT_FOUND when unknown or suspended. */
export async function loadCurrentChain(
  em: EntityManager,
  code: string,
): Promise<{ chainId: string; versionId: string; version: number; definition: TChainDefinition }> {
  const [r] = await sqlRows<{ id: string; status: string; version_id: string; version: number }>(
    em,
    `select c.id, c.status, v.id as version_id, v.version from chain c
     join chain_version v on v.chain_id = c.id and v.version = c.current_version where c.code = ?`,
    [code],
  );
  if (r?.status !== "active") throw new DomainError("NOT_FOUND", "未找到该业务链或已暂停办理");
  return {
    chainId: r.id,
    versionId: r.version_id,
    version: r.version,
    definition: await definitionOf(em, r.version_id),
  };
}
