import { DomainError, type EntityManager, sqlRows } from "../../platform/index.ts";
import type { TChainDefinition } from "./chain.schema.ts";

/*
 * Reading chain instances: the row as the runtime needs it, with its version's definition (cached: versions
 * never change). Kept apart from the write side (chain-store.ts) so the case loader can read an instance with
 * its case.
 */

/** A chain instance as the runtime reads it, with its (immutable, cached) version's definition. */
export interface ChainInstanceRow {
  id: string;
  instanceNo: string;
  version: number;
  status: "running" | "blocked" | "completed" | "withdrawn";
  chainCode: string;
  chainVersionId: string;
  definition: TChainDefinition;
  applicantType: "person" | "enterprise";
  applicantPersonId: string;
  applicantEnterpriseId: string | null;
  formData: Record<string, unknown>;
  materials: Record<string, { materialId: string } | { resultId: string; consentAt: string }>;
  snapshot: Record<string, unknown>;
  submittedAt: Date;
  promisedDeadline: string | null;
}

const definitions = new Map<string, TChainDefinition>();

export async function definitionOf(em: EntityManager, versionId: string): Promise<TChainDefinition> {
  const hit = definitions.get(versionId);
  if (hit) return hit;
  const [row] = await sqlRows<{ definition: TChainDefinition }>(
    em,
    "select definition from chain_version where id = ?",
    [versionId],
  );
  if (!row) throw new DomainError("NOT_FOUND", "未找到业务链版本");
  if (definitions.size >= 200) definitions.clear();
  definitions.set(versionId, row.definition);
  return row.definition;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface InstanceSqlRow {
  id: string;
  instance_no: string;
  version: number;
  status: ChainInstanceRow["status"];
  chain_code: string;
  chain_version_id: string;
  applicant_type: "person" | "enterprise";
  applicant_person_id: string;
  applicant_enterprise_id: string | null;
  form_data: Record<string, unknown>;
  materials: ChainInstanceRow["materials"];
  snapshot: Record<string, unknown>;
  submitted_at: string | Date;
  promised_deadline: string | null;
}

/**
 * Reads a chain instance; with `lock`, as `select … for update`, which must run inside the caller's transaction
 * and holds the row until it ends. That lock is what makes a chain advance exactly once.
 */
export async function loadChainInstance(
  em: EntityManager,
  id: string,
  lock = false,
): Promise<ChainInstanceRow> {
  if (!UUID.test(id)) throw new DomainError("NOT_FOUND", "未找到该业务链办件");
  if (lock && !em.getTransactionContext()) throw new Error("loadChainInstance: lock needs a transaction");
  const [r] = await sqlRows<InstanceSqlRow>(
    em,
    `select ${INSTANCE_COLUMNS}
     from chain_instance ci join chain ch on ch.id = ci.chain_id
     where ci.id = ?${lock ? " for update of ci" : ""}`,
    [id],
  );
  if (!r) throw new DomainError("NOT_FOUND", "未找到该业务链办件");
  return toChainInstanceRow(em, r);
}

/** The columns of a chain instance row as the runtime reads it (`ci` the instance, `ch` its chain). */
export const INSTANCE_COLUMNS = `ci.id, ci.instance_no, ci.version, ci.status, ch.code as chain_code, ci.chain_version_id,
            ci.applicant_type, ci.applicant_person_id, ci.applicant_enterprise_id, ci.form_data, ci.materials,
            ci.snapshot, ci.submitted_at, ci.promised_deadline::text as promised_deadline`;

/** A row of INSTANCE_COLUMNS (read directly, or as JSON by loadCaseForFlow) with its version's definition. */
export async function toChainInstanceRow(em: EntityManager, r: InstanceSqlRow): Promise<ChainInstanceRow> {
  return {
    id: r.id,
    instanceNo: r.instance_no,
    version: r.version,
    status: r.status,
    chainCode: r.chain_code,
    chainVersionId: r.chain_version_id,
    definition: await definitionOf(em, r.chain_version_id),
    applicantType: r.applicant_type,
    applicantPersonId: r.applicant_person_id,
    applicantEnterpriseId: r.applicant_enterprise_id,
    formData: r.form_data,
    materials: r.materials,
    snapshot: r.snapshot,
    submittedAt: new Date(r.submitted_at),
    promisedDeadline: r.promised_deadline,
  };
}
