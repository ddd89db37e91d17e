import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalStorage } from "../../platform/index.ts";
import {
  type Actor,
  grantMember,
  listMyCaseEvents,
  listResultsOfHolder,
  listVerificationTasks,
  resolveVerificationTask,
  revokeMember,
  SYSTEM,
  storeMaterial,
  submitCase,
  verifyCaseEvents,
} from "../../registry/index.ts";
import { makePerson, makeServiceItem, personActor, unique } from "../../registry/testing/factories.ts";
import { closeTestOrm, testCtx } from "../../registry/testing/test-env.ts";
import { at, drive, FORM, loadCalendar, makeWorld, sql, versionOf } from "../workbench/testing/world.ts";
import { performCaseAction } from "./perform-case-action.ts";
import { sweepExpiredDeficiencies } from "./sweep-deficiencies.ts";

// Tuesday 2026-03-03, a working day.
const NOW = at("2026-03-03");

beforeAll(loadCalendar);
afterAll(closeTestOrm);

/** The workbench world plus an item of the same department that issues a result. */
async function world() {
  const w = await makeWorld();
  const resultTypeCode = `VR${unique()}`;
  const licensed = await makeServiceItem(w.dept.code, {
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
    resultType: { code: resultTypeCode, name: "承诺制许可证", validMonths: 12 },
  });
  const submit = async (actor: Actor = w.entApplicant, itemCode = licensed.code) =>
    (
      await submitCase(await testCtx(actor, NOW), {
        itemCode,
        applicant:
          actor === w.personApplicant ? { type: "person" } : { type: "enterprise", enterpriseId: w.ent.id },
        formData: FORM,
      })
    ).id;
  return { ...w, licensed, resultTypeCode, submit };
}

async function act(
  actor: Actor,
  caseId: string,
  action: Parameters<typeof performCaseAction>[1]["action"],
  when = NOW,
) {
  return performCaseAction(await testCtx(actor, when), {
    caseId,
    action,
    expectedVersion: await versionOf(caseId),
  });
}

async function expectCode(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toMatchObject({ code });
}

describe("告知承诺: the verification task", () => {
  it("is opened with the approval, listed for the department only, and closed as verified by a reviewer", async () => {
    const w = await world();
    const caseId = await w.submit();
    await act(w.approver, caseId, {
      type: "commitmentApproval",
      commitmentText: "申请人承诺已具备经营场所和安全生产条件",
      verifyBy: "2026-04-30",
    });
    const [task] = await sql<{ id: string; status: string; due_on: string; department_id: string }>(
      "select id, status, to_char(due_on, 'YYYY-MM-DD') as due_on, department_id from verification_task where case_id = ?",
      [caseId],
    );
    expect(task).toMatchObject({ status: "open", due_on: "2026-04-30", department_id: w.dept.id });

    const listed = await listVerificationTasks(await testCtx(w.reviewer, NOW), {});
    expect(listed.tasks.map((t) => t.caseId)).toContain(caseId);
    expect(listed.tasks.find((t) => t.caseId === caseId)).toMatchObject({
      applicantName: w.ent.name,
      dueOn: "2026-04-30",
      overdue: false,
    });
    // Overdue once the date has passed; another department sees nothing; an applicant is refused.
    const late = await listVerificationTasks(await testCtx(w.reviewer, at("2026-05-06")), {
      status: "overdue",
    });
    expect(late.tasks.map((t) => t.caseId)).toContain(caseId);
    const other = await w.staff(["reviewer"], (await makeWorld()).dept.id);
    expect(
      (await listVerificationTasks(await testCtx(other, NOW), {})).tasks.map((t) => t.caseId),
    ).not.toContain(caseId);
    await expectCode(listVerificationTasks(await testCtx(w.entApplicant, NOW), {}), "FORBIDDEN");
    await expectCode(
      resolveVerificationTask(await testCtx(other, NOW), {
        taskId: task!.id,
        passed: true,
        finding: "现场核查属实",
      }),
      "NOT_FOUND",
    );

    const done = await resolveVerificationTask(await testCtx(w.reviewer, at("2026-04-20")), {
      taskId: task!.id,
      passed: true,
      finding: "现场核查，经营场所与承诺一致",
    });
    expect(done).toEqual({ status: "passed", revokedResults: 0 });
    await expectCode(
      resolveVerificationTask(await testCtx(w.reviewer, NOW), {
        taskId: task!.id,
        passed: true,
        finding: "再次核查",
      }),
      "INVALID_STATE",
    );
    expect(await verifyCaseEvents(await testCtx(SYSTEM), caseId)).toMatchObject({ ok: true });
  });

  it("found untrue, revokes the licence issued on the commitment — the approver's decision only", async () => {
    const w = await world();
    const caseId = await w.submit();
    await drive(caseId, NOW, [
      [w.clerk, { type: "accept" }],
      [
        w.approver,
        { type: "commitmentApproval", commitmentText: "申请人承诺场所符合消防要求", verifyBy: "2026-04-30" },
      ],
      [w.clerk, { type: "conclude" }],
    ]);
    const [task] = await sql<{ id: string }>("select id from verification_task where case_id = ?", [caseId]);
    const before = await sql("select status from result where case_id = ?", [caseId]);
    expect(before).toEqual([{ status: "valid" }]);

    await expectCode(
      resolveVerificationTask(await testCtx(w.reviewer, NOW), {
        taskId: task!.id,
        passed: false,
        finding: "场所不符",
      }),
      "FORBIDDEN",
    );
    // Bad input: a missing finding writes nothing.
    await expectCode(
      resolveVerificationTask(await testCtx(w.approver, NOW), {
        taskId: task!.id,
        passed: false,
        finding: " ",
      }),
      "VALIDATION",
    );
    expect(await sql("select status from verification_task where id = ?", [task!.id])).toEqual([
      { status: "open" },
    ]);

    const out = await resolveVerificationTask(await testCtx(w.approver, at("2026-04-10")), {
      taskId: task!.id,
      passed: false,
      finding: "现场核查发现经营场所未通过消防检查，承诺不实",
    });
    expect(out).toEqual({ status: "failed", revokedResults: 1 });
    const held = await listResultsOfHolder(await testCtx(w.entApplicant, at("2026-04-10")), {
      type: "enterprise",
      enterpriseId: w.ent.id,
    });
    expect(held.find((r) => r.caseId === caseId)).toMatchObject({ status: "revoked" });
    const [audit] = await sql<{ n: number }>(
      "select count(*)::int as n from audit_log where action in ('result.revoke', 'verification.resolve') and (detail->>'verificationTaskId' = ? or subject_id = ?)",
      [task!.id, task!.id],
    );
    expect(audit!.n).toBe(2);
    const events = await listMyCaseEvents(await testCtx(w.entApplicant, at("2026-04-10")), { caseId });
    expect(events.at(-1)).toMatchObject({
      stage: "决定",
      action: "commitmentBreached",
      by: "department",
      details: { passed: false, revokedResults: 1 },
    });
    expect(await verifyCaseEvents(await testCtx(SYSTEM), caseId)).toMatchObject({ ok: true });
  });
});

describe("容缺受理: the deficiency sweep", () => {
  it("terminates, as the platform, exactly the cases whose material is overdue", async () => {
    const w = await world();
    const overdue = await w.submit();
    const fulfilled = await w.submit();
    const notYet = await w.submit();
    const deficiency = (dueOn: string) => ({
      type: "acceptWithDeficiency" as const,
      materialCode: "business_license",
      dueOn,
      signedCommitment: true as const,
    });
    await act(w.clerk, overdue, deficiency("2026-03-05"));
    await act(w.clerk, fulfilled, deficiency("2026-03-05"));
    await act(w.clerk, fulfilled, { type: "deficiencyFulfilled" });
    await act(w.clerk, notYet, deficiency("2026-03-09"));

    await expectCode(sweepExpiredDeficiencies(await testCtx(w.clerk, at("2026-03-06"))), "FORBIDDEN");
    const out = await sweepExpiredDeficiencies(await testCtx(SYSTEM, at("2026-03-06")));
    expect(out.failed).toBe(0);
    expect(out.terminated).toBeGreaterThanOrEqual(1);
    const status = async (id: string) =>
      (await sql<{ status: string }>("select status from case_file where id = ?", [id]))[0]!.status;
    expect(await status(overdue)).toBe("terminated");
    expect(await status(fulfilled)).toBe("in_review");
    expect(await status(notYet)).toBe("in_review");
    const [last] = await sql<{ action: string; actor_type: string }>(
      "select action, actor_type from case_event where case_id = ? order by seq desc limit 1",
      [overdue],
    );
    expect(last).toEqual({ action: "deficiencyExpired", actor_type: "system" });
    // A second sweep finds nothing more of these.
    await sweepExpiredDeficiencies(await testCtx(SYSTEM, at("2026-03-06")));
    expect(await status(notYet)).toBe("in_review");
    expect(await verifyCaseEvents(await testCtx(SYSTEM), overdue)).toMatchObject({ ok: true });
  });
});

describe("who may act", () => {
  it("the platform may only do the platform's actions", async () => {
    const w = await world();
    const caseId = await w.submit();
    await expectCode(act(SYSTEM, caseId, { type: "accept" }), "FORBIDDEN");
    await expectCode(act(SYSTEM, caseId, { type: "deficiencyExpired" }), "INVALID_STATE");
  });

  it("an agent acts only within a delegation valid today and in scope; a revoked one sees no case", async () => {
    const w = await world();
    const agentPerson = await makePerson({ name: "李经办" });
    const legalRep = await testCtx(w.entApplicant, NOW);
    const member = await grantMember(legalRep, {
      enterpriseId: w.ent.id,
      personId: agentPerson.id,
      role: "agent",
      scope: [w.licensed.code],
      validFrom: "2026-01-01",
      validTo: null,
    });
    const agent = personActor(agentPerson.id, {
      name: "李经办",
      actingFor: { enterpriseId: w.ent.id, role: "agent" },
    });
    const inScope = await w.submit();
    const outOfScope = await w.submit(w.entApplicant, w.item.code);
    const notice = {
      type: "requestSupplement" as const,
      items: [{ code: "application_form", problem: "缺少签字" }],
    };
    await act(w.clerk, inScope, notice);
    await act(w.clerk, outOfScope, notice);
    await expectCode(
      act(agent, outOfScope, { type: "supplement", items: [{ code: "application_form" }] }),
      "NOT_FOUND",
    );

    await revokeMember(legalRep, { memberId: member.id, reason: "经办人离职" });
    const before = await versionOf(inScope);
    await expectCode(
      act(agent, inScope, { type: "supplement", items: [{ code: "application_form" }] }),
      "NOT_FOUND",
    );
    expect(await versionOf(inScope)).toBe(before);
    // The legal representative still may.
    await act(w.entApplicant, inScope, { type: "supplement", items: [{ code: "application_form" }] });
  });
});

describe("补交: materials given in answer to a notice", () => {
  it("are linked to the case when they are the applicant's own; anyone else's are refused and nothing is written", async () => {
    const root = await mkdtemp(join(tmpdir(), "tongban-supplement-"));
    const storage = new LocalStorage({
      root,
      secret: "supplement-test-secret-0123456789",
      baseUrl: "http://x",
    });
    await storage.ensureReady();
    try {
      const w = await world();
      const caseId = await w.submit();
      await act(w.clerk, caseId, {
        type: "requestSupplement",
        items: [{ code: "application_form", problem: "申请书缺少法定代表人签字" }],
      });
      const pdf = Buffer.from(
        "%PDF-1.4\n1 0 obj\n<< /Title (sign) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
      );
      const store = async (actor: Actor, owner: Parameters<typeof storeMaterial>[1]["owner"]) =>
        storeMaterial(
          { ...(await testCtx(actor, NOW)), storage },
          { owner, title: "申请书（签字版）", filename: "a.pdf" },
          pdf,
        );
      const own = await store(w.entApplicant, { type: "enterprise", enterpriseId: w.ent.id });
      const stranger = await makePerson({ name: "外人" });
      const theirs = await store(personActor(stranger.id), { type: "person", personId: stranger.id });

      const before = await versionOf(caseId);
      const answer = (materialId: string) => ({
        type: "supplement" as const,
        items: [{ code: "application_form", materialId }],
      });
      await expectCode(act(w.entApplicant, caseId, answer(theirs.id)), "VALIDATION");
      await expectCode(act(w.entApplicant, caseId, answer("not-a-uuid")), "VALIDATION");
      expect(await versionOf(caseId)).toBe(before);
      expect(
        await sql("select 1 from case_material where case_id = ? and material_id = ?", [caseId, theirs.id]),
      ).toEqual([]);

      await act(w.entApplicant, caseId, answer(own.id));
      expect(
        await sql("select requirement_code, material_id from case_material where case_id = ?", [caseId]),
      ).toContainEqual({ requirement_code: "application_form", material_id: own.id });
      const [event] = await sql<{ payload: { items: unknown[] } }>(
        "select payload from case_event where case_id = ? and action = 'supplement'",
        [caseId],
      );
      expect(event!.payload.items).toEqual([{ code: "application_form", materialId: own.id }]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("the applicant's event feed", () => {
  it("shows each committed event, curated, oldest first per case and newest first overall", async () => {
    const w = await world();
    const caseId = await w.submit(w.personApplicant);
    await drive(caseId, NOW, [
      [w.clerk, { type: "accept" }],
      [w.reviewer, { type: "review", pass: true, opinion: "内部意见：材料齐全" }],
      // The approver sends it back to review (an internal return, with internal reasons).
      [w.approver, { type: "review", pass: false, reason: "内部意见：需复核" }],
      [w.reviewer, { type: "review", pass: true }],
      [w.approver, { type: "decide", approve: false, reasons: "不符合法定条件" }],
    ]);
    const me = await testCtx(w.personApplicant, NOW);
    const timeline = await listMyCaseEvents(me, { caseId });
    expect(timeline.map((e) => e.action)).toEqual([
      "submit",
      "accept",
      "review",
      "review",
      "review",
      "decide",
    ]);
    expect(timeline[0]!.by).toBe("applicant");
    expect(timeline[1]).toMatchObject({ by: "department", details: { promisedDeadline: "2026-03-10" } });
    expect(timeline[2]!.details).toEqual({ pass: true, stepName: "审查" });
    expect(timeline[3]!.details).toEqual({ pass: false, stepName: "决定" });
    expect(JSON.stringify(timeline)).not.toContain("内部意见");
    expect(timeline[5]!.details).toMatchObject({ approve: false, reasons: "不符合法定条件" });

    const newest = await listMyCaseEvents(me, { limit: 2 });
    expect(newest.map((e) => e.action)).toEqual(["decide", "review"]);
    const after = await listMyCaseEvents(me, { afterId: timeline[4]!.id });
    expect(after.map((e) => e.action)).toEqual(["decide"]);

    // Someone else, or the same person acting for an enterprise, does not see it.
    const stranger = personActor((await makePerson()).id);
    await expectCode(listMyCaseEvents(await testCtx(stranger, NOW), { caseId }), "NOT_FOUND");
    await expectCode(listMyCaseEvents(await testCtx(w.entApplicant, NOW), { caseId }), "NOT_FOUND");
    await expectCode(listMyCaseEvents(me, { afterId: "x1" }), "VALIDATION");
  });
});
