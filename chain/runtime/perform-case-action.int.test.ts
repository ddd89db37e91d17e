import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  importWorkCalendar,
  listResultsOfHolder,
  SYSTEM,
  submitCase,
  verifyCaseEvents,
} from "../../registry/index.ts";
import {
  makeDepartment,
  makeEnterprise,
  makePerson,
  makeServiceItem,
  personActor,
  unique,
} from "../../registry/testing/factories.ts";
import { closeTestOrm, testCtx } from "../../registry/testing/test-env.ts";
import type { CaseAction } from "../flow/index.ts";
import { getCaseFlow } from "./case-flow-view.ts";
import { performCaseAction } from "./perform-case-action.ts";
import { forgetWorkCalendar } from "./work-calendar-cache.ts";

// Tuesday 2026-03-03 10:00 in China: a working day, well inside the covered calendar years.
const NOW = new Date("2026-03-03T02:00:00Z");
const FORM = { applicantName: "云港测试有限公司", contactPhone: "13912345678", remark: "首次申请" };
const CSV = readFileSync(
  new URL("../../registry/calendar/data/work-calendar-cn.csv", import.meta.url),
  "utf8",
);

beforeAll(async () => {
  await importWorkCalendar(await testCtx(), CSV);
  forgetWorkCalendar();
});

afterAll(async () => {
  await closeTestOrm();
});

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return (await testCtx()).em.getConnection().execute(query, params);
}

/** A department with staff, a promised item (受理 → 审查 → 决定 → 办结) issuing a result, and an enterprise case. */
async function world() {
  const dept = await makeDepartment();
  const resultTypeCode = `TR${unique()}`;
  const item = await makeServiceItem(dept.code, {
    materials: [],
    flowTemplate: {
      type: "promised",
      steps: [
        { code: "accept", name: "受理", role: "clerk", skippable: false },
        { code: "review", name: "审查", role: "reviewer", skippable: false },
        { code: "decide", name: "决定", role: "approver", skippable: false },
        { code: "conclude", name: "办结", role: "clerk", skippable: false },
      ],
    },
    resultType: { code: resultTypeCode, name: "测试许可证", validMonths: 12 },
  });
  const rep = await makePerson({ name: "王法人" });
  const ent = await makeEnterprise({ legalRepPersonId: rep.id });
  const applicant = personActor(rep.id, {
    name: "王法人",
    actingFor: { enterpriseId: ent.id, role: "legal_rep" },
  });
  const staff = async (roles: string[], departmentId = dept.id): Promise<Actor> => {
    const p = await makePerson({ name: "工作人员" });
    return personActor(p.id, { name: `${roles.join("")}工作人员`, staff: { departmentId, roles } });
  };
  const submitted = await submitCase(await testCtx(applicant, NOW), {
    itemCode: item.code,
    applicant: { type: "enterprise", enterpriseId: ent.id },
    formData: FORM,
  });
  return {
    dept,
    item,
    ent,
    applicant,
    caseId: submitted.id,
    resultTypeCode,
    clerk: await staff(["clerk"]),
    reviewer: await staff(["reviewer"]),
    approver: await staff(["approver"]),
    staff,
  };
}

async function act(actor: Actor, caseId: string, action: CaseAction, expectedVersion: number) {
  return performCaseAction(await testCtx(actor, NOW), { caseId, action, expectedVersion });
}

async function versionOf(caseId: string): Promise<number> {
  const [row] = await sql<{ version: number }>("select version from case_file where id = ?", [caseId]);
  return row!.version;
}

async function caseRow(caseId: string) {
  const [row] = await sql<{
    status: string;
    accepted_at: string | null;
    promised_deadline: string | null;
    decision: string | null;
    concluded_at: string | null;
  }>(
    `select status, accepted_at, to_char(promised_deadline, 'YYYY-MM-DD') as promised_deadline, decision,
            concluded_at from case_file where id = ?`,
    [caseId],
  );
  const at = (v: string | null) => (v === null ? null : new Date(v));
  return { ...row!, accepted_at: at(row!.accepted_at), concluded_at: at(row!.concluded_at) };
}

/** Everything a refused action must leave untouched. */
async function footprint(caseId: string) {
  const [c] = await sql(
    "select version, status, event_count, last_event_hash, flow from case_file where id = ?",
    [caseId],
  );
  const [e] = await sql("select count(*)::int as n from case_event where case_id = ?", [caseId]);
  const [o] = await sql("select count(*)::int as n from outbox where payload->>'caseId' = ?", [caseId]);
  const [r] = await sql("select count(*)::int as n from result where case_id = ?", [caseId]);
  return { c, events: e!.n, outbox: o!.n, results: r!.n };
}

async function expectCode(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toMatchObject({ code });
}

describe("performCaseAction", () => {
  it("runs a promised case from submission to a result, with a verifiable chain and an outbox row per event", async () => {
    const w = await world();
    let v = await versionOf(w.caseId);
    const step = async (actor: Actor, action: CaseAction) => {
      const out = await act(actor, w.caseId, action, v);
      expect(out.version).toBeGreaterThan(v);
      v = out.version;
      return out;
    };
    const accepted = await step(w.clerk, { type: "accept" });
    expect(accepted.flow.status).toBe("in_review");
    expect(accepted.events).toEqual([{ stage: "受理", action: "accept" }]);
    expect(await caseRow(w.caseId)).toMatchObject({ status: "in_review", accepted_at: NOW });
    // Promised 5 working days from Tue 2026-03-03: Wed … Tue 2026-03-10.
    expect(accepted.flow.deadlines.promised).toBe("2026-03-10");
    expect((await caseRow(w.caseId)).promised_deadline).toBe("2026-03-10");
    expect(accepted.flow.remainingWorkingDays).toBe(5);
    expect(accepted.flow.level).toBe("none");

    const asReviewer = await getCaseFlow(await testCtx(w.reviewer, NOW), w.caseId);
    expect(asReviewer.currentStep.code).toBe("review");
    expect(asReviewer.allowedActions).toEqual([
      "requestSupplement",
      "review",
      "startSpecialProcedure",
      "return",
    ]);
    const asApplicant = await getCaseFlow(await testCtx(w.applicant, NOW), w.caseId);
    expect(asApplicant.allowedActions).toEqual([]);

    const noticed = await step(w.reviewer, {
      type: "requestSupplement",
      items: [{ code: "application_form", problem: "申请书缺少法定代表人签字" }],
    });
    expect(noticed.flow.status).toBe("supplement_requested");
    expect(noticed.flow.paused).toBe(true);
    expect((await getCaseFlow(await testCtx(w.applicant, NOW), w.caseId)).allowedActions).toEqual([
      "supplement",
    ]);
    await step(w.applicant, { type: "supplement", items: [{ code: "application_form" }] });
    await step(w.reviewer, { type: "review", pass: true, opinion: "材料齐全，符合法定条件" });
    await step(w.approver, { type: "decide", approve: true, reasons: "符合条件，准予许可" });
    const done = await step(w.clerk, { type: "conclude" });
    expect(done.flow.status).toBe("concluded");
    expect(await caseRow(w.caseId)).toMatchObject({
      status: "concluded",
      decision: "approved",
      concluded_at: NOW,
    });
    expect(done.result?.number).toBeTruthy();

    const results = await sql<{ holder_enterprise_id: string; result_type_code: string; data: unknown }>(
      "select holder_enterprise_id, result_type_code, data, valid_from from result where case_id = ?",
      [w.caseId],
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      holder_enterprise_id: w.ent.id,
      result_type_code: w.resultTypeCode,
      data: FORM,
    });
    // The holder sees it in their results with every certificate field, valid 12 months from today.
    const held = await listResultsOfHolder(await testCtx(w.applicant, NOW), {
      type: "enterprise",
      enterpriseId: w.ent.id,
    });
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({
      id: done.result!.id,
      number: done.result!.number,
      name: "测试许可证",
      holderName: w.ent.name,
      issuingDepartment: { code: w.dept.code },
      itemCode: w.item.code,
      caseId: w.caseId,
      validFrom: "2026-03-03",
      validTo: "2027-03-02",
      status: "valid",
      certificate: { issuerCode: w.dept.uscc, holderIdType: "统一社会信用代码" },
    });
    expect(done.result!.number).toMatch(new RegExp(`^${w.dept.code}-${w.resultTypeCode}-2026-\\d{6}$`));
    const [audit] = await sql<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'result.issue' and subject_id = ?",
      [done.result!.id],
    );
    expect(audit!.n).toBe(1);
    const [issued] = await sql<{ n: number }>(
      "select count(*)::int as n from outbox where topic = 'result.issued' and payload->>'resultId' = ?",
      [done.result!.id],
    );
    expect(issued!.n).toBe(1);

    const events = await sql<{ stage: string; action: string }>(
      "select stage, action from case_event where case_id = ? order by seq",
      [w.caseId],
    );
    expect(events.map((e) => e.stage)).toEqual([
      "网上申报/接件",
      "受理",
      "补正告知",
      "补正受理",
      "审查",
      "决定",
      "办结",
    ]);
    const check = await verifyCaseEvents(await testCtx(SYSTEM), w.caseId);
    expect(check).toMatchObject({ ok: true, events: 7 });

    const outbox = await sql<{ payload: { stage: string; action: string } }>(
      "select payload from outbox where topic = 'case.event' and payload->>'caseId' = ? order by id",
      [w.caseId],
    );
    expect(outbox.map((o) => o.payload.stage)).toEqual([
      "受理",
      "补正告知",
      "补正受理",
      "审查",
      "决定",
      "办结",
    ]);

    const final = await getCaseFlow(await testCtx(w.clerk, NOW), w.caseId);
    expect(final).toMatchObject({ status: "concluded", version: v, allowedActions: [] });
  });

  it("answers NOT_FOUND to a clerk of another department and to strangers, and writes nothing", async () => {
    const w = await world();
    const other = await makeDepartment();
    const before = await footprint(w.caseId);
    const v = await versionOf(w.caseId);
    await expectCode(act(await w.staff(["clerk"], other.id), w.caseId, { type: "accept" }, v), "NOT_FOUND");
    const stranger = await makePerson();
    await expectCode(
      act(personActor(stranger.id), w.caseId, { type: "supplement", items: [] }, v),
      "NOT_FOUND",
    );
    await expectCode(act(w.clerk, crypto.randomUUID(), { type: "accept" }, v), "NOT_FOUND");
    await expectCode(act(w.clerk, "not-a-uuid", { type: "accept" }, v), "NOT_FOUND");
    await expectCode(
      getCaseFlow(await testCtx(await w.staff(["clerk"], other.id), NOW), w.caseId),
      "NOT_FOUND",
    );
    expect(await footprint(w.caseId)).toEqual(before);
  });

  it("refuses an applicant who tries to accept (FORBIDDEN) and writes nothing", async () => {
    const w = await world();
    const before = await footprint(w.caseId);
    await expectCode(act(w.applicant, w.caseId, { type: "accept" }, await versionOf(w.caseId)), "FORBIDDEN");
    expect(await footprint(w.caseId)).toEqual(before);
  });

  it("rejects a bad action payload (VALIDATION) and writes nothing", async () => {
    const w = await world();
    const v = await versionOf(w.caseId);
    const before = await footprint(w.caseId);
    await expectCode(act(w.clerk, w.caseId, { type: "requestSupplement", items: [] }, v), "VALIDATION");
    await expectCode(
      act(w.clerk, w.caseId, { type: "refuse", reason: "x", legalBasis: "" }, v),
      "VALIDATION",
    );
    await expectCode(act(w.clerk, w.caseId, { type: "nonsense" } as unknown as CaseAction, v), "VALIDATION");
    await expectCode(
      performCaseAction(await testCtx(w.clerk, NOW), {
        caseId: w.caseId,
        action: { type: "accept" },
        expectedVersion: -1,
      }),
      "VALIDATION",
    );
    expect(await footprint(w.caseId)).toEqual(before);
  });

  it("lets one of two concurrent actions on the same version win; the other gets CONFLICT", async () => {
    const w = await world();
    const v = await versionOf(w.caseId);
    const second = await w.staff(["clerk"]);
    const [a, b] = await Promise.allSettled([
      act(w.clerk, w.caseId, { type: "accept" }, v),
      act(second, w.caseId, { type: "accept" }, v),
    ]);
    const outcomes = [a, b].map((r) => r.status);
    expect(outcomes.sort()).toEqual(["fulfilled", "rejected"]);
    const lost = [a, b].find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: "CONFLICT", message: "数据已被他人修改，请刷新后重试" });
    // A stale screen later on gets the same answer.
    await expectCode(act(w.reviewer, w.caseId, { type: "review", pass: true }, v), "CONFLICT");
    const check = await verifyCaseEvents(await testCtx(SYSTEM), w.caseId);
    expect(check).toMatchObject({ ok: true, events: 2 });
    const [o] = await sql<{ n: number }>(
      "select count(*)::int as n from outbox where topic = 'case.event' and payload->>'caseId' = ?",
      [w.caseId],
    );
    expect(o!.n).toBe(1);
  });
});
