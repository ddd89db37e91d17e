import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalStorage, maskIdNumber, maskPhone } from "../../platform/index.ts";
import { type Actor, issueResult, SYSTEM, storeMaterial } from "../../registry/index.ts";
import { makeDepartment, makeServiceItem, unique } from "../../registry/testing/factories.ts";
import { closeTestOrm, testCtx } from "../../registry/testing/test-env.ts";
import { getWorkbenchCase } from "./get-workbench-case.ts";
import { performWorkbenchAction } from "./perform-workbench-action.ts";
import { pullPriorResults } from "./pull-prior-results.ts";
import { at, drive, FORM, loadCalendar, makeWorld, submit, versionOf } from "./testing/world.ts";

const NOW = at("2026-03-10");
let dir: string;
let storage: LocalStorage;

beforeAll(async () => {
  await loadCalendar();
  dir = await mkdtemp(path.join(tmpdir(), "tongban-workbench-"));
  storage = new LocalStorage({ root: dir, secret: "test-secret-0123456789", baseUrl: "http://test" });
  await storage.ensureReady();
});
afterAll(async () => {
  await closeTestOrm();
  await rm(dir, { recursive: true, force: true });
});

async function detail(actor: Actor, caseId: string) {
  return getWorkbenchCase({ ...(await testCtx(actor, NOW)), storage }, caseId);
}

describe("getWorkbenchCase", () => {
  it("shows the case to its department: masked applicant, ordered form, material links, timeline, flow", async () => {
    const w = await makeWorld();
    const material = await storeMaterial(
      { ...(await testCtx(w.personApplicant, NOW)), storage },
      { owner: { type: "person", personId: w.individual.id }, title: "申请书", filename: "申请书.pdf" },
      Buffer.from("%PDF-1.4\n%test\n"),
    );
    const caseId = await submit(
      w,
      NOW,
      "person",
      [{ requirementCode: "application_form", materialId: material.id }],
      { ...FORM, idNumber: w.individual.idNumber },
    );
    await drive(caseId, NOW, [[w.clerk, { type: "accept" }]]);
    const d = await detail(w.reviewer, caseId);

    expect(d).toMatchObject({
      id: caseId,
      itemCode: w.item.code,
      itemVersion: 1,
      departmentName: w.dept.name,
      status: "in_review",
      channel: "online",
      promisedDeadline: "2026-03-17",
      clock: { remainingWorkingDays: 5, level: "none", paused: false },
      version: await versionOf(caseId),
    });
    expect(d.applicant).toEqual({
      type: "person",
      enterprise: null,
      person: {
        nameMasked: "张**",
        idNumberMasked: maskIdNumber(w.individual.idNumber),
        phoneMasked: maskPhone(w.individual.phone),
      },
    });
    const everything = JSON.stringify(d);
    expect(everything).not.toContain(w.individual.idNumber);
    expect(everything).not.toContain(w.individual.phone!);
    expect(everything).not.toContain("张大伟");
    expect(d.form.map((f) => [f.title, f.value])).toEqual([
      ["申请人名称", "云港测试有限公司"],
      ["公民身份号码", maskIdNumber(w.individual.idNumber)],
      ["联系电话", "139****5678"],
      ["备注", "首次申请"],
    ]);
    expect(d.requirements.map((r) => r.code)).toEqual(["application_form", "licence_copy"]);
    expect(d.materials).toHaveLength(1);
    expect(d.materials[0]).toMatchObject({ requirementCode: "application_form", kind: "material" });
    expect(d.materials[0]!.url).toMatch(/^http:\/\/test\/files\//);
    expect(d.events.map((e) => [e.seq, e.stage, e.actorName])).toEqual([
      [1, "网上申报/接件", "张**"],
      [2, "受理", (w.clerk as { name: string }).name],
    ]);
    expect(d.flow.currentStep).toEqual({ code: "review", name: "审查", role: "reviewer" });
    expect(d.flow.steps.map((s) => s.name)).toEqual(["受理", "审查", "决定", "办结"]);
    expect(d.flow.arbitrationPending).toBe(false);
  });

  it("offers each role exactly the actions the rule table allows", async () => {
    const w = await makeWorld();
    const caseId = await submit(w, NOW);
    const allowed = async (a: Actor) => (await detail(a, caseId)).allowedActions;
    expect(await allowed(w.clerk)).toEqual([
      "accept",
      "refuse",
      "requestSupplement",
      "acceptWithDeficiency",
      "commitmentApproval",
      "return",
    ]);
    expect(await allowed(w.reviewer)).toEqual([]);
    expect(await allowed(w.approver)).toEqual(["commitmentApproval", "return"]);

    await drive(caseId, NOW, [[w.clerk, { type: "accept" }]]);
    expect(await allowed(w.reviewer)).toEqual([
      "requestSupplement",
      "review",
      "startSpecialProcedure",
      "return",
    ]);
    expect(await allowed(w.clerk)).toEqual(["commitmentApproval"]);
    expect(await allowed(w.approver)).toEqual([
      "commitmentApproval",
      "startSpecialProcedure",
      "extend",
      "return",
    ]);
  });

  it("answers NOT_FOUND to another department, applicants and unknown ids", async () => {
    const w = await makeWorld();
    const caseId = await submit(w, NOW);
    const other = await w.staff(["clerk", "approver"], (await makeDepartment()).id);
    for (const actor of [other, w.entApplicant, w.personApplicant, SYSTEM]) {
      await expect(detail(actor, caseId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(detail(w.clerk, crypto.randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(detail(w.clerk, "../etc")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("performWorkbenchAction", () => {
  it("runs an action on the version shown, and refuses bad input, a stale version and other departments", async () => {
    const w = await makeWorld();
    const caseId = await submit(w, NOW);
    const v = await versionOf(caseId);
    const act = async (actor: Actor, action: unknown, expectedVersion: unknown = v) =>
      performWorkbenchAction(await testCtx(actor, NOW), {
        caseId,
        action: action as never,
        expectedVersion: expectedVersion as number,
      });
    await expect(act(w.clerk, { type: "refuse", reason: "x", legalBasis: "" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: "请填写理由（至少 2 个字）",
    });
    await expect(act(w.clerk, { type: "accept" }, "abc")).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      act(w.approver, { type: "extend", days: Number.NaN, approvedBy: "", reason: "需要补充审查" }),
    ).rejects.toMatchObject({ code: "VALIDATION", message: "延长天数填写不正确；批准人填写不正确" });
    await expect(act(w.clerk, { type: "nonsense" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: "操作填写不正确",
    });
    const other = await w.staff(["clerk"], (await makeDepartment()).id);
    await expect(act(other, { type: "accept" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(act(w.reviewer, { type: "accept" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(act(w.entApplicant, { type: "withdraw" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await versionOf(caseId)).toBe(v);

    const out = await act(w.clerk, { type: "accept" });
    expect(out).toMatchObject({ status: "in_review", remainingWorkingDays: 5, level: "none" });
    expect(out.version).toBeGreaterThan(v);
    await expect(act(w.clerk, { type: "return", reason: "重复提交" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "数据已被他人修改，请刷新后重试",
    });
  });
});

describe("pullPriorResults", () => {
  it("lists the applicant's valid results of every department and audits the purpose", async () => {
    const w = await makeWorld();
    const caseId = await submit(w, NOW);
    const issuer = await makeDepartment({ name: `云港市发证局${unique()}` });
    const typeCode = `PR${unique()}`;
    await makeServiceItem(issuer.code, {
      resultType: { code: typeCode, name: "测试经营许可证", validMonths: 60 },
    });
    const holder = { type: "enterprise" as const, enterpriseId: w.ent.id };
    const sys = await testCtx(SYSTEM, NOW);
    const valid = await issueResult(sys, {
      resultTypeCode: typeCode,
      holder,
      data: {},
      validFrom: "2025-01-01",
    });
    await issueResult(await testCtx(SYSTEM, NOW), {
      resultTypeCode: typeCode,
      holder,
      data: {},
      validFrom: "2020-01-01",
      validTo: "2024-12-31",
    });
    const audits = async () =>
      (await testCtx()).em
        .getConnection()
        .execute<
          { actor_id: string; subject_type: string; subject_id: string; detail: Record<string, unknown> }[]
        >(
          "select actor_id, subject_type, subject_id, detail from audit_log where action = 'results.pull' and detail->>'caseId' = ?",
          [caseId],
          "all",
        );
    const pull = async (actor: Actor, purpose: unknown) =>
      pullPriorResults(await testCtx(actor, NOW), { caseId, purpose: purpose as string });

    await expect(pull(w.clerk, undefined)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(pull(w.clerk, " 查")).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(pull(w.clerk, "x".repeat(201))).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(pull(w.entApplicant, "核验经营许可")).rejects.toMatchObject({ code: "FORBIDDEN" });
    const other = await w.staff(["clerk"], (await makeDepartment()).id);
    await expect(pull(other, "核验经营许可")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await audits()).toEqual([]);

    const results = await pull(w.clerk, "核验申请人经营许可");
    expect(results).toEqual([
      expect.objectContaining({
        id: valid.id,
        number: valid.number,
        name: "测试经营许可证",
        issuer: issuer.name,
        validFrom: "2025-01-01",
        validTo: "2029-12-31",
      }),
    ]);
    const rows = await audits();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_id: (w.clerk as { personId: string }).personId,
      subject_type: "enterprise",
      subject_id: w.ent.id,
      detail: { caseId, purpose: "核验申请人经营许可", resultCount: 1 },
    });
  });
});
