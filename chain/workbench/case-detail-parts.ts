import { logger, maskIdNumber, maskName, maskPhone } from "../../platform/index.ts";
import type { Ctx } from "../../registry/index.ts";
import type { WorkbenchCaseDetail, WorkbenchCaseEvent } from "./workbench.schema.ts";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const ID_NUMBER = /^\d{17}[\dXx]$/;
const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;

/**
 * A form answer as text. Identity and mobile numbers are masked wherever they appear in the form (an
 * applicant's, a spouse's, a legal representative's): the page never receives them in full.
 */
function display(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") {
    const v = value.trim();
    if (ID_NUMBER.test(v)) return maskIdNumber(v);
    if (MOBILE.test(v.replace(/[\s-]/g, ""))) return maskPhone(v);
    return value;
  }
  if (typeof value === "boolean") return value ? "是" : "否";
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/**
 * The form data with the titles of the item version's form schema, in the declared order (publishing records
 * it as x-order, since jsonb does not keep key order); answers the schema does not name come last.
 */
export function formRows(schema: unknown, data: Record<string, unknown>): WorkbenchCaseDetail["form"] {
  const s = isRecord(schema) ? schema : {};
  const props = isRecord(s.properties) ? s.properties : {};
  const order = Array.isArray(s["x-order"]) ? s["x-order"].filter((k) => typeof k === "string") : [];
  const names = [...new Set([...order, ...Object.keys(props), ...Object.keys(data)])].filter(
    (n) => n in props || n in data,
  );
  const rank = (n: string) => {
    const i = order.indexOf(n);
    if (i >= 0) return i;
    return n in props ? order.length : order.length + 1;
  };
  return names
    .sort((a, b) => rank(a) - rank(b))
    .map((name) => {
      const p = props[name];
      const title = isRecord(p) && typeof p.title === "string" && p.title ? p.title : name;
      return { name, title, value: display(data[name]) };
    });
}

/** The applicant as the workbench shows it: numbers decrypted only to be masked, never sent in full. */
export async function applicantOf(
  ctx: Ctx,
  c: {
    applicant_type: "person" | "enterprise";
    applicant_person_id: string;
    applicant_enterprise_id: string | null;
  },
): Promise<WorkbenchCaseDetail["applicant"]> {
  const [p]: { name: string; id_number_enc: string; phone_enc: string | null }[] = await ctx.em
    .getConnection()
    .execute(
      "select name, id_number_enc, phone_enc from person where id = ?",
      [c.applicant_person_id],
      "all",
    );
  const reveal = (token: string | null | undefined): string | null => {
    if (!token) return null;
    try {
      return ctx.pii.decrypt(token);
    } catch {
      // A token made with another key must not break the page; the field is shown as unknown.
      logger.warn({ personId: c.applicant_person_id }, "personal data could not be decrypted");
      return "";
    }
  };
  const phone = reveal(p?.phone_enc);
  let enterprise: { name: string; uscc: string } | null = null;
  if (c.applicant_type === "enterprise" && c.applicant_enterprise_id) {
    const [e]: { name: string; uscc: string }[] = await ctx.em
      .getConnection()
      .execute("select name, uscc from enterprise where id = ?", [c.applicant_enterprise_id], "all");
    enterprise = e ?? null;
  }
  return {
    type: c.applicant_type,
    enterprise,
    person: {
      nameMasked: maskName(p?.name),
      idNumberMasked: maskIdNumber(reveal(p?.id_number_enc)),
      phoneMasked: phone === null ? null : maskPhone(phone),
    },
  };
}

const LINK_TTL_SECONDS = 10 * 60;

/** The case's materials (stored files or reused results) with short-lived download links. */
export async function materialsOf(ctx: Ctx, caseId: string): Promise<WorkbenchCaseDetail["materials"]> {
  const rows: {
    requirement_code: string;
    material_id: string | null;
    title: string | null;
    object_key: string | null;
    mime_type: string | null;
    size: number | null;
    result_name: string | null;
    result_number: string | null;
    file_key: string | null;
  }[] = await ctx.em.getConnection().execute(
    `select cm.requirement_code, cm.material_id, m.title, m.object_key, m.mime_type, m.size,
            r.name as result_name, r.number as result_number, r.file_key
     from case_material cm
     left join material m on m.id = cm.material_id
     left join result r on r.id = cm.result_id
     where cm.case_id = ? order by cm.requirement_code`,
    [caseId],
    "all",
  );
  const sign = async (key: string | null, filename: string): Promise<string | null> => {
    if (!key || !ctx.storage) return null;
    try {
      return await ctx.storage.signedUrl(key, { ttlSeconds: LINK_TTL_SECONDS, filename });
    } catch {
      return null;
    }
  };
  return Promise.all(
    rows.map(async (r) => {
      const isMaterial = r.material_id !== null;
      const title = isMaterial ? (r.title ?? "") : `${r.result_name ?? ""}（${r.result_number ?? ""}）`;
      return {
        requirementCode: r.requirement_code,
        kind: isMaterial ? ("material" as const) : ("result" as const),
        title,
        mimeType: r.mime_type,
        size: r.size,
        url: await sign(isMaterial ? r.object_key : r.file_key, title),
      };
    }),
  );
}

/** The hash-chained events of the case, oldest first; the applicant's own name is masked like elsewhere. */
export async function eventsOf(
  ctx: Ctx,
  caseId: string,
  applicantPersonId: string,
): Promise<WorkbenchCaseEvent[]> {
  const rows: {
    seq: number;
    actor_id: string | null;
    stage: string;
    action: string;
    actor_name: string;
    at: Date | string;
    payload: Record<string, unknown>;
  }[] = await ctx.em
    .getConnection()
    .execute(
      "select seq, stage, action, actor_id, actor_name, at, payload from case_event where case_id = ? order by seq",
      [caseId],
      "all",
    );
  return rows.map((r) => ({
    seq: r.seq,
    stage: r.stage,
    action: r.action,
    actorName: r.actor_id === applicantPersonId ? maskName(r.actor_name) : r.actor_name,
    at: new Date(r.at).toISOString(),
    payload: r.payload,
  }));
}
