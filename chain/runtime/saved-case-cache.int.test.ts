// The cases this process saved, taken as saved by the next action at the version expected
// (registry/cases/load-case-for-flow.ts): they must be exactly what a read returns, and never outlive a write
// that did not commit or a newer version written elsewhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transact } from "../../platform/index.ts";
import { type Actor, loadCaseForFlow } from "../../registry/index.ts";
import type { CaseAction } from "../flow/index.ts";
import { submitChainApplication } from "./chain-application.ts";
import { performCaseAction } from "./perform-case-action.ts";
import { at, type ChainWorld, chainWorld } from "./testing/chain-world.ts";

const NOW = at("2026-11-23");
let w: ChainWorld;
beforeAll(async () => {
  w = await chainWorld("saved_case_cache");
});
afterAll(async () => {
  await w?.close();
});

/** A 竣工联合验收 application: the five inspection cases, filed at version 1, and the applicant. */
async function fileInspection(name: string) {
  const app = await w.enterpriseApplication("YJS-JGYS", name, "2026-11-23");
  const filed = await submitChainApplication(w.ctx(app.who.actor, NOW), app.input);
  return { ...filed, applicant: app.who.actor };
}

const load = (caseId: string, expectedVersion?: number) =>
  loadCaseForFlow(w.orm.em.fork(), caseId, expectedVersion === undefined ? {} : { expectedVersion });

/** The case as remembered at `version` is the case as read back, and it was the remembered one (shared). */
async function expectRememberedAsRead(caseId: string, version: number) {
  const remembered = await load(caseId, version);
  const again = await load(caseId, version);
  const read = await load(caseId);
  expect(read.version).toBe(version);
  expect(remembered).toEqual(read);
  expect(again.formData).toBe(remembered.formData);
  expect(read.formData).not.toBe(remembered.formData);
}

async function act(actor: Actor, caseId: string, action: CaseAction, expectedVersion: number) {
  return performCaseAction(w.ctx(actor, NOW), { caseId, action, expectedVersion });
}

describe("cases this process saved", () => {
  it("are, at each version, exactly what a read of the case returns: as filed, after each action, and filed by the chain's advance", async () => {
    const filed = await fileInspection("云港市缓存验证置业有限公司");
    expect(filed.cases).toHaveLength(5);
    for (const c of filed.cases) await expectRememberedAsRead(c.caseId, 1);

    const first = filed.cases[0].caseId;
    const staff = await w.staffOf((await load(first)).departmentId);
    const material = (await load(first)).itemDefinition.materials[0].code;
    let v = 1;
    const steps: [Actor, CaseAction][] = [
      [staff, { type: "accept" }],
      [staff, { type: "requestSupplement", items: [{ code: material, problem: "缺少监理单位签章" }] }],
      [filed.applicant, { type: "supplement", items: [{ code: material }] }],
    ];
    for (const [actor, action] of steps) {
      v = (await act(actor, first, action, v)).version;
      await expectRememberedAsRead(first, v);
    }

    // The other four run to 办结 (each conclusion saves its slot of the chain); the first's conclusion starts
    // 竣工验收备案, filed by the same statement, and remembered as filed.
    for (const c of filed.cases.slice(1)) await w.drive(c.caseId, NOW);
    for (const st of (await load(first)).itemDefinition.flowTemplate.steps.slice(1)) {
      const action: CaseAction =
        st.code === "decide"
          ? { type: "decide", approve: true, reasons: "验收合格，准予通过" }
          : st.code === "conclude"
            ? { type: "conclude" }
            : { type: "review", pass: true, opinion: "符合要求" };
      v = (await act(staff, first, action, v)).version;
      await expectRememberedAsRead(first, v);
    }
    const [record] = await w.sql<{ id: string }>(
      "select id from case_file where chain_instance_id = ? and chain_stage = 'record'",
      [filed.instanceId],
    );
    await expectRememberedAsRead(record.id, 1);
  });

  it("do not outlive a write whose transaction rolled back", async () => {
    const filed = await fileInspection("云港市回滚验证置业有限公司");
    const caseId = filed.cases[0].caseId;
    const staff = await w.staffOf((await load(caseId)).departmentId);
    const em = w.orm.em.fork();
    await expect(
      transact(em, async (tx) => {
        await performCaseAction(
          { ...w.ctx(staff, NOW), em: tx },
          { caseId, action: { type: "accept" }, expectedVersion: 1 },
        );
        throw new Error("abort after the case was saved");
      }),
    ).rejects.toThrow("abort after");
    // Nothing remembers the version the rolled-back write made.
    await expect(act(staff, caseId, { type: "accept" }, 2)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await act(staff, caseId, { type: "accept" }, 1)).version).toBe(2);
    await expectRememberedAsRead(caseId, 2);
  });

  it("are stale once the case was written elsewhere: the guarded write answers CONFLICT, and a fresh read goes on", async () => {
    const filed = await fileInspection("云港市并发验证置业有限公司");
    const caseId = filed.cases[0].caseId;
    const staff = await w.staffOf((await load(caseId)).departmentId);
    const v = (await act(staff, caseId, { type: "accept" }, 1)).version;
    // Another process's write (any write bumps the version).
    await w.sql("update case_file set version = version + 1 where id = ?", [caseId]);
    await expect(
      act(staff, caseId, { type: "review", pass: true, opinion: "符合要求" }, v),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const out = await act(staff, caseId, { type: "review", pass: true, opinion: "符合要求" }, v + 1);
    expect(out.version).toBe(v + 2);
    expect((await load(caseId)).flow).toMatchObject({ status: out.flow.status });
  });
});
