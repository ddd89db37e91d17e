import { DomainError, emitEvent, type FieldIssue, parseInput, transact } from "../../platform/index.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import { validateFormData } from "../catalog/form-validator.ts";
import { ServiceItem, ServiceItemVersion } from "../catalog/service-item.entity.ts";
import type { Ctx } from "../context.ts";
import { assertMayActFor } from "../enterprises/assert-may-act.ts";
import { Enterprise } from "../enterprises/enterprise.entity.ts";
import { Material } from "../materials/material.entity.ts";
import { Person } from "../persons/person.entity.ts";
import { Result } from "../results/result.entity.ts";
import { allocateCaseNumber } from "./allocate-case-number.ts";
import { appendCaseEvent } from "./append-case-event.ts";
import { Case } from "./case.entity.ts";
import { type CaseView, type TSubmitCaseInput, ZSubmitCaseInput } from "./case.schema.ts";
import { CaseMaterial } from "./case-material.entity.ts";
import { getCase } from "./get-case.ts";
import { materialChoiceIssues } from "./material-choices.ts";

/**
 * Files an application (网上申报/接件): checks the applicant may apply, the form against the item's
 * schema, and that every required material is met by the applicant's own stored material or a valid
 * result they hold (with consent). Writes the case, its first event and a `case.submitted` event.
 */
export async function submitCase(ctx: Ctx, input: TSubmitCaseInput): Promise<CaseView> {
  const data = parseInput(ZSubmitCaseInput, input);
  const a = ctx.actor;
  const applicantPersonId = a.type === "person" && !a.staff ? a.personId : data.applicantPersonId;
  if (!applicantPersonId)
    throw new DomainError("VALIDATION", "请指定申请人", [{ path: "applicantPersonId", message: "必填" }]);
  if (a.type === "person" && a.staff && data.channel === "online") {
    throw new DomainError("VALIDATION", "窗口代办请选择窗口或自助渠道", [
      { path: "channel", message: "无效" },
    ]);
  }
  const id = await transact(ctx.em, async (em) => {
    const item = await em.findOne(ServiceItem, { code: data.itemCode }, { populate: ["department"] });
    if (item?.status !== "active") throw new DomainError("NOT_FOUND", "未找到该事项或事项已暂停办理");
    const version = await em.findOneOrFail(ServiceItemVersion, { item, version: item.currentVersion });
    const def = version.definition;
    if (!def.subjectTypes.includes(data.applicant.type)) {
      throw new DomainError(
        "VALIDATION",
        data.applicant.type === "person" ? "该事项仅面向企业办理" : "该事项仅面向个人办理",
      );
    }
    const person = await em.findOne(Person, { id: applicantPersonId });
    if (!person)
      throw new DomainError("NOT_FOUND", "申请人不存在", [{ path: "applicantPersonId", message: "不存在" }]);
    const enterprise =
      data.applicant.type === "enterprise"
        ? await em.findOne(Enterprise, { id: data.applicant.enterpriseId })
        : null;
    if (data.applicant.type === "enterprise") {
      if (!enterprise) throw new DomainError("NOT_FOUND", "企业不存在");
      if (enterprise.status !== "active") throw new DomainError("INVALID_STATE", "企业状态异常，不能办理");
      await assertMayActFor(em, person.id, enterprise.id, ctx.now, item.code);
    }
    const issues: FieldIssue[] = validateFormData(version.id, def.formSchema, data.formData);
    const given = new Map(data.materials.map((m) => [m.requirementCode, m]));
    issues.push(
      ...(await materialChoiceIssues(
        em,
        { personId: person.id, enterpriseId: enterprise?.id ?? null, today: toChinaDate(ctx.now) },
        def.materials,
        data.materials,
      )),
    );
    if (issues.length) throw new DomainError("VALIDATION", issues[0].message, issues);
    const c = em.create(Case, {
      id: crypto.randomUUID(),
      caseNo: await allocateCaseNumber(em, item.department.unwrap().code, ctx.now),
      item,
      itemVersion: version,
      department: item.department,
      applicantType: data.applicant.type,
      applicantPerson: person,
      applicantEnterprise: enterprise,
      channel: data.channel,
      status: "submitted",
      formData: data.formData,
      submittedAt: ctx.now,
      acceptedAt: null,
      statutoryDeadline: null,
      promisedDeadline: null,
      concludedAt: null,
      decision: null,
      // Set here, not left to the column default: appendCaseEvent numbers the first event from it.
      eventCount: 0,
      lastEventHash: null,
    });
    for (const [code, m] of given) {
      const isResult = "resultId" in m;
      em.create(CaseMaterial, {
        id: crypto.randomUUID(),
        case: c,
        requirementCode: code,
        material: isResult ? null : em.getReference(Material, m.materialId),
        result: isResult ? em.getReference(Result, m.resultId) : null,
        reuseConsentAt: isResult ? ctx.now : null,
      });
    }
    appendCaseEvent(em, c, {
      stage: "网上申报/接件",
      action: "submit",
      actor: ctx.actor,
      at: ctx.now,
      payload: { channel: data.channel, itemVersion: version.version, materials: [...given.keys()] },
    });
    await emitEvent(em, "case.submitted", {
      caseId: c.id,
      caseNo: c.caseNo,
      departmentCode: item.department.unwrap().code,
    });
    await em.flush();
    return c.id;
  });
  return getCase(ctx, id);
}
