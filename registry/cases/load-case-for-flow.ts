import { DomainError, type EntityManager, sqlRows } from "../../platform/index.ts";
import type { TServiceItem } from "../catalog/catalog.schema.ts";
import {
  type ChainInstanceRow,
  INSTANCE_COLUMNS,
  type InstanceSqlRow,
  toChainInstanceRow,
} from "../chains/chain-instance-row.ts";
import type { CaseStatus } from "./case.entity.ts";

/** What the case flow runtime needs of a case: the row's flow columns and its item version's definition. */
export interface CaseForFlow {
  id: string;
  caseNo: string;
  /** The optimistic-lock version the caller must present to applyCaseFlow. */
  version: number;
  status: CaseStatus;
  departmentId: string;
  departmentCode: string;
  applicantPersonId: string;
  applicantEnterpriseId: string | null;
  itemCode: string;
  /** The definition of the item version the case was filed under (its flow template, time limits, result type). */
  itemDefinition: TServiceItem;
  /** The stored flow snapshot (chain/flow CaseSnapshot), or null before the first flow action. */
  flow: Record<string, unknown> | null;
  formData: Record<string, unknown>;
  submittedAt: Date;
  acceptedAt: Date | null;
  concludedAt: Date | null;
  /** The event chain's length and head, which the next events continue. */
  eventCount: number;
  lastEventHash: string | null;
  /** The business chain instance the case is a stage of, if any (its ending advances the chain). */
  chainInstanceId: string | null;
  /**
   * That instance as read with the case when asked for (`withChain`: an action that may end the case, whose
   * chain then plans on it, guarded by its version); null otherwise, and null when the case was taken as this
   * process saved it (no read).
   */
  chainInstance: ChainInstanceRow | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/*
 * An item version never changes once published (publishServiceItem adds a new version), so its definition is
 * kept per process, keyed by version id: every action needs the flow template, and the definition (form
 * schema, materials) is the largest thing a case refers to.
 */
const VERSION_CACHE_LIMIT = 1000;
const versions = new Map<string, { itemCode: string; definition: TServiceItem }>();

async function itemVersion(em: EntityManager, versionId: string) {
  const hit = versions.get(versionId);
  if (hit) return hit;
  const [row] = await sqlRows<{ code: string; definition: TServiceItem }>(
    em,
    `select i.code, v.definition from service_item_version v join service_item i on i.id = v.item_id
     where v.id = ?`,
    [versionId],
  );
  if (!row) throw new DomainError("NOT_FOUND", "未找到该办件的事项版本");
  if (versions.size >= VERSION_CACHE_LIMIT) versions.clear();
  const v = { itemCode: row.code, definition: row.definition };
  versions.set(versionId, v);
  return v;
}

interface CaseRow {
  id: string;
  case_no: string;
  version: number;
  status: CaseStatus;
  department_id: string;
  department_code: string;
  applicant_person_id: string;
  applicant_enterprise_id: string | null;
  item_version_id: string;
  flow: Record<string, unknown> | null;
  form_data: Record<string, unknown>;
  /** Timestamps arrive as text: MikroORM leaves them unparsed in the driver and hydrates them itself. */
  submitted_at: string | Date;
  accepted_at: string | Date | null;
  concluded_at: string | Date | null;
  event_count: number;
  last_event_hash: string | null;
  chain_instance_id: string | null;
  chain_instance: InstanceSqlRow | null;
}

const CASE_COLUMNS = `c.id, c.case_no, c.version, c.status, c.department_id, d.code as department_code,
            c.applicant_person_id, c.applicant_enterprise_id, c.item_version_id, c.flow, c.form_data,
            c.submitted_at, c.accepted_at, c.concluded_at, c.event_count, c.last_event_hash, c.chain_instance_id`;
const PLAIN = `select ${CASE_COLUMNS}, null as chain_instance
     from case_file c join department d on d.id = c.department_id where c.id = ?`;
const WITH_CHAIN = `select ${CASE_COLUMNS},
            (select row_to_json(x) from (select ${INSTANCE_COLUMNS} from chain_instance ci
               join chain ch on ch.id = ci.chain_id where ci.id = c.chain_instance_id) x) as chain_instance
     from case_file c join department d on d.id = c.department_id where c.id = ?`;

/*
 * The cases this process itself last saved (applyCaseFlow, as a statement that committed by itself), as they
 * stand at their new version. A version names one committed state for good: every write of a case row bumps
 * it (applyCaseFlow's `version + 1`, the ORM's version property elsewhere), so a case at the version a caller
 * expects is exactly what was saved here, and the next action on it needs no read. When the row has moved on
 * meanwhile (another process acted), the guarded write misses and answers CONFLICT, as it would after a read.
 * See docs/decisions/010-case-action-hot-path.md.
 */
const SAVED_CACHE_LIMIT = 2000;
const saved = new Map<string, CaseForFlow>();

/**
 * Remembers the state a committed applyCaseFlow left `c` in. The objects are shared, not copied: the flow
 * runtime treats a loaded case (and its snapshot) as immutable.
 */
export function rememberSavedCase(c: CaseForFlow): void {
  saved.delete(c.id);
  if (saved.size >= SAVED_CACHE_LIMIT) saved.delete(saved.keys().next().value as string);
  saved.set(c.id, { ...c, chainInstance: null });
}

/** A case as a chain just filed it, in a statement that has committed (version 1, its first event only). */
export interface FiledCase {
  caseId: string;
  caseNo: string;
  itemVersionId: string;
  departmentId: string;
  departmentCode: string;
  applicantPersonId: string;
  applicantEnterpriseId: string | null;
  formData: Record<string, unknown>;
  submittedAt: Date;
  firstEventHash: string;
  chainInstanceId: string | null;
}

/** Remembers cases just filed, as rememberSavedCase does for a saved action, so their first action reads nothing. */
export async function rememberFiledCases(em: EntityManager, filed: readonly FiledCase[]): Promise<void> {
  for (const f of filed) {
    const v = await itemVersion(em, f.itemVersionId);
    rememberSavedCase({
      id: f.caseId,
      caseNo: f.caseNo,
      version: 1,
      status: "submitted",
      departmentId: f.departmentId,
      departmentCode: f.departmentCode,
      applicantPersonId: f.applicantPersonId,
      applicantEnterpriseId: f.applicantEnterpriseId,
      itemCode: v.itemCode,
      itemDefinition: v.definition,
      flow: null,
      formData: JSON.parse(JSON.stringify(f.formData)),
      submittedAt: f.submittedAt,
      acceptedAt: null,
      concludedAt: null,
      eventCount: 1,
      lastEventHash: f.firstEventHash,
      chainInstanceId: f.chainInstanceId,
      chainInstance: null,
    });
  }
}

/** Forgets a case's remembered state (its write is part of a transaction that may still roll back). */
export function forgetSavedCase(caseId: string): void {
  saved.delete(caseId);
}

/**
 * Loads a case for the flow runtime in one query, with no authorisation: the runtime decides who may act on
 * it and answers NOT_FOUND itself. Nothing enters the unit of work; applyCaseFlow writes with SQL too. With
 * `expectedVersion`, a case this process saved at that version is taken as saved, without a read (and without
 * its chain instance: `chainInstance` is null, and the caller reads the instance itself if it needs it).
 */
export async function loadCaseForFlow(
  em: EntityManager,
  caseId: string,
  opts: { withChain?: boolean; expectedVersion?: number } = {},
): Promise<CaseForFlow> {
  if (!UUID.test(caseId)) throw new DomainError("NOT_FOUND", "未找到该办件");
  const hit = opts.expectedVersion === undefined ? undefined : saved.get(caseId);
  if (hit && hit.version === opts.expectedVersion) return { ...hit };
  const [c] = await sqlRows<CaseRow>(em, opts.withChain ? WITH_CHAIN : PLAIN, [caseId]);
  if (!c) throw new DomainError("NOT_FOUND", "未找到该办件");
  const v = await itemVersion(em, c.item_version_id);
  return {
    id: c.id,
    caseNo: c.case_no,
    version: c.version,
    status: c.status,
    departmentId: c.department_id,
    departmentCode: c.department_code,
    applicantPersonId: c.applicant_person_id,
    applicantEnterpriseId: c.applicant_enterprise_id,
    itemCode: v.itemCode,
    itemDefinition: v.definition,
    flow: c.flow,
    formData: c.form_data,
    submittedAt: new Date(c.submitted_at),
    acceptedAt: c.accepted_at === null ? null : new Date(c.accepted_at),
    concludedAt: c.concluded_at === null ? null : new Date(c.concluded_at),
    eventCount: c.event_count,
    lastEventHash: c.last_event_hash,
    chainInstanceId: c.chain_instance_id,
    chainInstance: c.chain_instance ? await toChainInstanceRow(em, c.chain_instance) : null,
  };
}
