import { DomainError, type EntityManager } from "../../platform/index.ts";
import type { TServiceItem } from "../catalog/catalog.schema.ts";
import { Case, type CaseStatus } from "./case.entity.ts";

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
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/*
 * An item version never changes once published (publishServiceItem adds a new version), so its definition is
 * kept per process, keyed by version id. Besides saving the read, this keeps the large definition out of the
 * unit of work: flushing the case then has no JSON of the item to compare (the benchmark's hot spot).
 */
const VERSION_CACHE_LIMIT = 1000;
const versions = new Map<string, { itemCode: string; definition: TServiceItem }>();

async function itemVersion(em: EntityManager, versionId: string) {
  const hit = versions.get(versionId);
  if (hit) return hit;
  const rows: { code: string; definition: TServiceItem }[] = await em.getConnection().execute(
    `select i.code, v.definition from service_item_version v join service_item i on i.id = v.item_id
     where v.id = ?`,
    [versionId],
    "all",
    em.getTransactionContext(),
  );
  const row = rows[0];
  if (!row) throw new DomainError("NOT_FOUND", "未找到该办件的事项版本");
  if (versions.size >= VERSION_CACHE_LIMIT) versions.clear();
  const v = { itemCode: row.code, definition: row.definition };
  versions.set(versionId, v);
  return v;
}

/**
 * Loads a case for the flow runtime, with no authorisation: the runtime decides who may act on it and
 * answers NOT_FOUND itself. The case row is the only entity loaded into the unit of work.
 */
export async function loadCaseForFlow(em: EntityManager, caseId: string): Promise<CaseForFlow> {
  if (!UUID.test(caseId)) throw new DomainError("NOT_FOUND", "未找到该办件");
  const c = await em.findOne(Case, { id: caseId });
  if (!c) throw new DomainError("NOT_FOUND", "未找到该办件");
  const v = await itemVersion(em, c.itemVersion.id);
  const dept: { code: string }[] = await em
    .getConnection()
    .execute(
      "select code from department where id = ?",
      [c.department.id],
      "all",
      em.getTransactionContext(),
    );
  return {
    id: c.id,
    caseNo: c.caseNo,
    version: c.version,
    status: c.status,
    departmentId: c.department.id,
    departmentCode: dept[0]!.code,
    applicantPersonId: c.applicantPerson.id,
    applicantEnterpriseId: c.applicantEnterprise?.id ?? null,
    itemCode: v.itemCode,
    itemDefinition: v.definition,
    flow: c.flow ?? null,
    formData: c.formData,
    submittedAt: c.submittedAt,
    acceptedAt: c.acceptedAt ?? null,
    concludedAt: c.concludedAt ?? null,
  };
}
