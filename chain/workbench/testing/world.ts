// Test helpers of the workbench: a department with staff and an item, and cases driven through the flow.
import { readFileSync } from "node:fs";
import { type Actor, importWorkCalendar, submitCase } from "../../../registry/index.ts";
import {
  itemDefinition,
  makeDepartment,
  makeEnterprise,
  makePerson,
  makeServiceItem,
  personActor,
  unique,
} from "../../../registry/testing/factories.ts";
import { testCtx } from "../../../registry/testing/test-env.ts";
import type { CaseAction } from "../../flow/index.ts";
import { forgetWorkCalendar, performCaseAction } from "../../runtime/index.ts";

export const FORM = { applicantName: "云港测试有限公司", contactPhone: "13912345678", remark: "首次申请" };

const CSV = readFileSync(
  new URL("../../../registry/calendar/data/work-calendar-cn.csv", import.meta.url),
  "utf8",
);

/** Loads the State Council calendar the clock counts with (idempotent). */
export async function loadCalendar(): Promise<void> {
  await importWorkCalendar(await testCtx(), CSV);
  forgetWorkCalendar();
}

/** China 10:00 on a date: a moment inside that working day. */
export const at = (date: string) => new Date(`${date}T02:00:00Z`);

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return (await testCtx()).em.getConnection().execute(query, params, "all");
}

/**
 * A department with a clerk, a reviewer and an approver, a promised item (受理 → 审查 → 决定 → 办结, 5
 * promised working days), an enterprise applicant (its legal representative acting) and an individual.
 */
export async function makeWorld() {
  const dept = await makeDepartment();
  const item = await makeServiceItem(dept.code, {
    materials: itemDefinition(dept.code).materials.map((m) => ({ ...m, required: false })),
    flowTemplate: {
      type: "promised",
      steps: [
        { code: "accept", name: "受理", role: "clerk", skippable: false },
        { code: "review", name: "审查", role: "reviewer", skippable: false },
        { code: "decide", name: "决定", role: "approver", skippable: false },
        { code: "conclude", name: "办结", role: "clerk", skippable: false },
      ],
    },
    formSchema: {
      type: "object",
      required: ["applicantName", "contactPhone"],
      properties: {
        applicantName: { type: "string", title: "申请人名称", minLength: 2 },
        contactPhone: { type: "string", title: "联系电话", pattern: "^1[3-9]\\d{9}$" },
        remark: { type: "string", title: "备注" },
        idNumber: { type: "string", title: "公民身份号码", pattern: "^\\d{17}[\\dX]$" },
      },
      "x-order": ["applicantName", "idNumber", "contactPhone", "remark"],
    },
  });
  const rep = await makePerson({ name: "王建国" });
  const ent = await makeEnterprise({ legalRepPersonId: rep.id });
  const entApplicant = personActor(rep.id, {
    name: "王建国",
    actingFor: { enterpriseId: ent.id, role: "legal_rep" },
  });
  const individual = await makePerson({ name: "张大伟" });
  const personApplicant = personActor(individual.id, { name: "张大伟" });
  const staff = async (roles: string[], departmentId = dept.id): Promise<Actor> => {
    const p = await makePerson({ name: "工作人员" });
    return personActor(p.id, { name: `${roles.join("")}${unique()}`, staff: { departmentId, roles } });
  };
  return {
    dept,
    item,
    ent,
    rep,
    individual,
    entApplicant,
    personApplicant,
    clerk: await staff(["clerk"]),
    reviewer: await staff(["reviewer"]),
    approver: await staff(["approver"]),
    staff,
  };
}

export type World = Awaited<ReturnType<typeof makeWorld>>;

/** A case submitted online at `when` by the enterprise (default) or the individual. */
export async function submit(
  w: World,
  when: Date,
  by: "enterprise" | "person" = "enterprise",
  materials: { requirementCode: string; materialId: string }[] = [],
  formData: Record<string, unknown> = FORM,
) {
  const actor = by === "enterprise" ? w.entApplicant : w.personApplicant;
  const c = await submitCase(await testCtx(actor, when), {
    itemCode: w.item.code,
    applicant: by === "enterprise" ? { type: "enterprise", enterpriseId: w.ent.id } : { type: "person" },
    formData,
    materials,
  });
  return c.id;
}

export async function versionOf(caseId: string): Promise<number> {
  const [row] = await sql<{ version: number }>("select version from case_file where id = ?", [caseId]);
  return row!.version;
}

/** Performs actions in order, each on the case's current version, at `when`. */
export async function drive(caseId: string, when: Date, steps: [Actor, CaseAction][]): Promise<void> {
  for (const [actor, action] of steps) {
    await performCaseAction(await testCtx(actor, when), {
      caseId,
      action,
      expectedVersion: await versionOf(caseId),
    });
  }
}

/** A window case not yet received (待接件): nothing files drafts yet, so the row is set back by hand. */
export async function makeDraft(caseId: string): Promise<void> {
  await sql("update case_file set status = 'draft', flow = null, version = version + 1 where id = ?", [
    caseId,
  ]);
}

export { sql };
