import { randomInt } from "node:crypto";
import { DomainError, type EntityManager, sqlRows } from "../../platform/index.ts";
import { type Actor, actorId } from "../context.ts";
import { makeUscc } from "../enterprises/uscc.ts";

const ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** A 9-character 组织机构代码 (GB 11714): 8 random characters and their check character. */
function organisationCode(): string {
  let body = "";
  for (let i = 0; i < 8; i++) body += ORG_ALPHABET[randomInt(i === 0 ? 10 : ORG_ALPHABET.length)];
  const sum = [...body].reduce((acc, ch, i) => acc + ORG_ALPHABET.indexOf(ch) * ORG_WEIGHTS[i], 0);
  const c = 11 - (sum % 11);
  return body + (c === 10 ? "X" : c === 11 ? "0" : String(c));
}

/** A new 统一社会信用代码 for an enterprise registered by the market regulator (登记管理部门 9, 企业 1). */
export function newEnterpriseUscc(regionCode: string): string {
  return makeUscc(`91${regionCode.slice(0, 6).padEnd(6, "0")}${organisationCode()}`);
}

/**
 * 企业开办: registers the enterprise an approved establishment case (营业执照核发) created, from the case's form,
 * with the applicant as legal representative and first member; hands it the business licence the case issued
 * (the result is re-held by the enterprise, its USCC written on it); audited. Runs in the chain's transaction.
 */
export async function establishEnterprise(
  em: EntityManager,
  e: {
    personId: string;
    form: Record<string, unknown>;
    regionCode: string;
    on: string;
    resultId: string | null;
    actor: Actor;
    at: Date;
  },
): Promise<{ enterpriseId: string; uscc: string }> {
  const name = String(e.form.enterpriseName ?? "").trim();
  if (!name) throw new DomainError("VALIDATION", "营业执照申请缺少企业名称");
  const id = crypto.randomUUID();
  const uscc = newEnterpriseUscc(e.regionCode);
  const capital = Number(e.form.registeredCapital ?? 0);
  await sqlRows(
    em,
    `with en as (
       insert into enterprise (id, uscc, name, type, legal_rep_id, address, registered_capital_fen, business_scope,
                               established_on, status, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::date, 'active', now(), now())
       returning id),
     mb as (
       insert into enterprise_member (id, enterprise_id, person_id, role, scope_all, scope_items, valid_from,
                                      created_at)
       select gen_random_uuid(), en.id, ?, 'legal_rep', true, '{}', ?::date, now() from en),
     rs as (
       update result set holder_type = 'enterprise', holder_enterprise_id = en.id, holder_person_id = null,
              holder_id_type = '统一社会信用代码', data = data || jsonb_build_object('uscc', ?::text)
       from en where result.id = ?::uuid),
     au as (
       insert into audit_log (at, actor_type, actor_id, action, subject_type, subject_id, detail)
       select ?, ?, ?, 'enterprise.establish', 'enterprise', en.id::text,
              jsonb_build_object('uscc', ?::text, 'resultId', ?::text)
       from en)
     select 1`,
    [
      id,
      uscc,
      name.slice(0, 200),
      String(e.form.enterpriseType ?? "有限责任公司").slice(0, 60),
      e.personId,
      String(e.form.address ?? "").slice(0, 200),
      Number.isFinite(capital) ? Math.round(capital * 10_000 * 100) : 0,
      String(e.form.businessScope ?? ""),
      e.on,
      e.personId,
      e.on,
      uscc,
      e.resultId,
      e.at.toISOString(),
      e.actor.type,
      actorId(e.actor),
      uscc,
      e.resultId,
    ],
  );
  return { enterpriseId: id, uscc };
}
