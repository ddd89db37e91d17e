import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDomainError } from "../../platform/index.ts";
import { listMyMessages, publishChain, verifyCaseEvents } from "../../registry/index.ts";
import { resubmitChainItem, submitChainApplication, withdrawChain } from "./chain-application.ts";
import { getChainGuide, getChainProgress, listChains, listMyChains } from "./chain-views.ts";
import { at, type ChainWorld, chainWorld } from "./testing/chain-world.ts";

// Monday 2026-11-23: a working day; the chain's 1-working-day promise falls on Tuesday.
const DAY = "2026-11-23";
const NOW = at(DAY);

let w: ChainWorld;
beforeAll(async () => {
  w = await chainWorld("chain_e2e");
});
afterAll(async () => {
  await w?.close();
});

const QYKB_FORM = {
  enterpriseName: "云港市晨曦文化传媒有限公司",
  enterpriseType: "有限责任公司",
  address: "云港市港城区海滨路 88 号 1201 室",
  registeredCapital: 100,
  businessScope: "文化艺术交流活动策划；广告设计、制作、代理；会议及展览服务",
  legalRepName: "林晓晨",
  legalRepIdNumber: "110101199003074514",
  contactName: "林晓晨",
  contactPhone: "13805321234",
  employeeCount: 6,
  sealTypes: ["企业法人公章", "财务专用章"],
  sealMaker: "云港市诚信刻章有限公司",
  financeManagerName: "王丽",
  taxpayerType: "小规模纳税人",
  depositRatio: 12,
  bankName: "中国工商银行云港分行",
  accountType: "基本存款账户",
};

/** The combined form with only the fields the published chain asks for, filled from QYKB_FORM where known. */
async function qykbApplication(name: string) {
  const chain = await w.chain("YJS-QYKB");
  const def = chain.definition;
  const form: Record<string, unknown> = {};
  for (const [f, schema] of Object.entries(def.formSchema.properties) as [
    string,
    Record<string, unknown>,
  ][]) {
    if (f in QYKB_FORM) form[f] = QYKB_FORM[f as keyof typeof QYKB_FORM];
    else if (def.formSchema.required.includes(f)) form[f] = sample(schema);
  }
  const required = def.materials.filter((m) => m.required).map((m) => m.code);
  const who = await w.applicant(name, required);
  return {
    def,
    who,
    input: {
      chainCode: "YJS-QYKB",
      applicant: { type: "person" as const },
      formData: form,
      materials: required.map((code) => ({ requirementCode: code, materialId: who.materials[code] })),
    },
  };
}

/** A value that satisfies a simple field schema (for fields this test does not care about). */
function sample(schema: Record<string, unknown>): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.type === "number" || schema.type === "integer")
    return (schema.minimum as number | undefined) ?? 1;
  if (schema.type === "array") return [(schema.items as { enum?: unknown[] })?.enum?.[0] ?? "是"];
  if (schema.type === "boolean") return true;
  if (schema.format === "date") return DAY;
  return "测试内容";
}

async function casesOf(instanceId: string) {
  return w.sql<{
    id: string;
    chain_stage: string;
    code: string;
    status: string;
    applicant_enterprise_id: string | null;
    form_data: Record<string, unknown>;
  }>(
    `select c.id, c.chain_stage, i.code, c.status, c.applicant_enterprise_id, c.form_data
     from case_file c join service_item i on i.id = c.item_id where c.chain_instance_id = ? order by i.code`,
    [instanceId],
  );
}

describe("企业开办 end to end", () => {
  it("one application files the licence; its approval establishes the enterprise and starts five parallel cases with the licence attached; all five done completes the chain", async () => {
    const { who, input, def } = await qykbApplication("林晓晨");
    expect(def.formSchema.properties).not.toHaveProperty("uscc");
    const filed = await submitChainApplication(w.ctx(who.actor, NOW), input);
    expect(filed.instanceNo).toMatch(/^YJS-20261123-\d{6}$/);
    expect(filed.promisedDeadline).toBe("2026-11-24");
    expect(filed.cases.map((c) => c.itemCode)).toEqual(["YGSJ-DJ-001"]);

    let cases = await casesOf(filed.instanceId);
    expect(cases).toHaveLength(1);
    expect(cases[0].form_data).toMatchObject({ enterpriseName: QYKB_FORM.enterpriseName });

    await w.drive(filed.cases[0].caseId, at(DAY, 14));
    const [inst] = await w.sql<{ status: string; applicant_enterprise_id: string }>(
      "select status, applicant_enterprise_id from chain_instance where id = ?",
      [filed.instanceId],
    );
    expect(inst.status).toBe("running");
    const [ent] = await w.sql<{ uscc: string; name: string; legal_rep_id: string }>(
      "select uscc, name, legal_rep_id from enterprise where id = ?",
      [inst.applicant_enterprise_id],
    );
    expect(ent).toMatchObject({ name: QYKB_FORM.enterpriseName, legal_rep_id: who.personId });
    const [licence] = await w.sql<{
      id: string;
      holder_enterprise_id: string;
      data: Record<string, unknown>;
    }>("select id, holder_enterprise_id, data from result where case_id = ?", [filed.cases[0].caseId]);
    expect(licence.holder_enterprise_id).toBe(inst.applicant_enterprise_id);
    expect(licence.data.uscc).toBe(ent.uscc);

    cases = await casesOf(filed.instanceId);
    const setup = cases.filter((c) => c.chain_stage === "setup");
    expect(setup.map((c) => c.code)).toEqual([
      "YGGA-YZ-001",
      "YGGJJ-JC-001",
      "YGRH-ZH-001",
      "YGRS-SB-001",
      "YGSW-SS-001",
    ]);
    for (const c of setup) {
      expect(c.applicant_enterprise_id).toBe(inst.applicant_enterprise_id);
      expect(c.status).toBe("submitted");
      if ("uscc" in c.form_data) expect(c.form_data.uscc).toBe(ent.uscc);
    }
    // The licence is attached (trust level A) wherever a later item asks for a business licence.
    const attached = await w.sql<{ requirement_code: string; result_id: string }>(
      `select m.requirement_code, m.result_id from case_material m join case_file c on c.id = m.case_id
       where c.chain_instance_id = ? and m.result_id is not null`,
      [filed.instanceId],
    );
    expect(attached.length).toBeGreaterThan(0);
    expect(new Set(attached.map((a) => a.result_id))).toEqual(new Set([licence.id]));

    for (const c of setup) await w.drive(c.id, at(DAY, 16));
    const [done] = await w.sql<{ status: string; snapshot: { status: string; endedOn: string } }>(
      "select status, snapshot from chain_instance where id = ?",
      [filed.instanceId],
    );
    expect(done.status).toBe("completed");
    expect(done.snapshot.endedOn).toBe(DAY);
    const events = await w.sql<{ payload: { kind: string } }>(
      "select payload from outbox where topic = 'chain.event' and payload->>'instanceId' = ? order by id",
      [filed.instanceId],
    );
    expect(events.map((e) => e.payload.kind)).toEqual([
      "stageStarted",
      "enterpriseEstablished",
      "stageStarted",
      "completed",
    ]);
    for (const c of await casesOf(filed.instanceId)) {
      expect((await verifyCaseEvents(w.ctx(), c.id)).ok).toBe(true);
    }
    // The case whose conclusion completed the chain records it, and nothing else does.
    const notices = await w.sql<{ case_id: string; stage: string; action: string; actor_name: string }>(
      `select e.case_id, e.stage, e.action, e.actor_name from case_event e join case_file c on c.id = e.case_id
       where c.chain_instance_id = ? and e.action like 'chain%'`,
      [filed.instanceId],
    );
    expect(notices).toEqual([
      { case_id: setup.at(-1)?.id, stage: "办结", action: "chainCompleted", actor_name: "一件事联办" },
    ]);
  });

  it("refuses a bad application and writes nothing", async () => {
    const { who, input } = await qykbApplication("赵明");
    const before = await w.sql<{ n: string }>("select count(*)::text as n from chain_instance");
    const attempts = [
      { ...input, formData: { ...input.formData, contactPhone: "12345" } },
      { ...input, materials: input.materials.slice(1) },
      {
        ...input,
        materials: [
          ...input.materials.slice(1),
          { requirementCode: input.materials[0].requirementCode, materialId: crypto.randomUUID() },
        ],
      },
      { ...input, applicant: { type: "enterprise" as const, enterpriseId: crypto.randomUUID() } },
      { ...input, chainCode: "YJS-NOPE" },
    ];
    for (const bad of attempts) {
      const e = await submitChainApplication(w.ctx(who.actor, NOW), bad).catch((x: unknown) => x);
      expect(isDomainError(e), JSON.stringify(bad).slice(0, 80)).toBe(true);
    }
    const after = await w.sql<{ n: string }>("select count(*)::text as n from chain_instance");
    expect(after[0].n).toBe(before[0].n);
  });

  it("a denied licence blocks the chain; the applicant amends and resubmits, and the chain runs on", async () => {
    const { who, input } = await qykbApplication("周婷");
    const filed = await submitChainApplication(w.ctx(who.actor, NOW), input);
    await w.drive(filed.cases[0].caseId, at(DAY, 11), false);
    const [blocked] = await w.sql<{ status: string; snapshot: { pauses: { reason: string }[] } }>(
      "select status, snapshot from chain_instance where id = ?",
      [filed.instanceId],
    );
    expect(blocked.status).toBe("blocked");
    expect(blocked.snapshot.pauses[0].reason).toMatch(/^不予许可：/);
    expect((await casesOf(filed.instanceId)).filter((c) => c.chain_stage === "setup")).toEqual([]);
    // The applicant is told on the denied case itself: a message with the reason and the chain to go to.
    const messages = await listMyMessages(w.ctx(who.actor, at(DAY, 12)));
    const paused = messages.find((m) => m.action === "chainBlocked");
    expect(paused).toMatchObject({
      caseId: filed.cases[0].caseId,
      by: "platform",
      read: false,
      details: {
        chain: { instanceId: filed.instanceId, instanceNo: filed.instanceNo, chainCode: "YJS-QYKB" },
        reason: blocked.snapshot.pauses[0].reason,
      },
    });
    expect(messages.filter((m) => m.action === "chainCompleted")).toEqual([]);
    expect((await verifyCaseEvents(w.ctx(), filed.cases[0].caseId)).ok).toBe(true);

    // Someone else cannot resubmit it (it is not theirs: NOT_FOUND).
    const stranger = await w.applicant("路人", []);
    const foreign = await resubmitChainItem(w.ctx(stranger.actor, NOW), {
      instanceId: filed.instanceId,
      stage: "license",
      itemCode: "YGSJ-DJ-001",
      formData: input.formData,
      materials: input.materials,
    }).catch((e: unknown) => e);
    expect(isDomainError(foreign) && foreign.code).toBe("NOT_FOUND");

    const again = await resubmitChainItem(w.ctx(who.actor, at(DAY, 15)), {
      instanceId: filed.instanceId,
      stage: "license",
      itemCode: "YGSJ-DJ-001",
      formData: { ...input.formData, address: "云港市港城区海滨路 90 号" },
      materials: input.materials,
    });
    const licenceCases = (await casesOf(filed.instanceId)).filter((c) => c.chain_stage === "license");
    expect(licenceCases).toHaveLength(2);
    const second = licenceCases.find((c) => c.id === again.caseId);
    expect(second?.form_data.address).toBe("云港市港城区海滨路 90 号");
    // The applicant filed it (the engine files only the stages that start on their own).
    const [filedBy] = await w.sql<{ actor_type: string; actor_id: string }>(
      "select actor_type, actor_id from case_event where case_id = ? and seq = 1",
      [again.caseId],
    );
    expect(filedBy).toEqual({ actor_type: "person", actor_id: who.personId });
    await w.drive(again.caseId, at(DAY, 16));
    const [running] = await w.sql<{ status: string }>("select status from chain_instance where id = ?", [
      filed.instanceId,
    ]);
    expect(running.status).toBe("running");
    expect((await casesOf(filed.instanceId)).filter((c) => c.chain_stage === "setup")).toHaveLength(5);
  });

  it("withdrawing the chain withdraws the cases not yet accepted and starts nothing more", async () => {
    const { who, input } = await qykbApplication("钱程");
    const filed = await submitChainApplication(w.ctx(who.actor, NOW), input);
    await w.drive(filed.cases[0].caseId, at(DAY, 11));
    const setup = (await casesOf(filed.instanceId)).filter((c) => c.chain_stage === "setup");
    // One department has already accepted its case: it runs on.
    const staff = await w.sql<{ department_id: string; version: number }>(
      "select department_id, version from case_file where id = ?",
      [setup[0].id],
    );
    const { performCaseAction } = await import("./perform-case-action.ts");
    await performCaseAction(w.ctx(await w.staffOf(staff[0].department_id), at(DAY, 12)), {
      caseId: setup[0].id,
      action: { type: "accept" },
      expectedVersion: staff[0].version,
    });
    const out = await withdrawChain(w.ctx(who.actor, at(DAY, 13)), {
      instanceId: filed.instanceId,
      reason: "股东决定暂缓设立",
    });
    expect(out).toEqual({ status: "withdrawn", withdrawnCases: 4 });
    const statuses = (await casesOf(filed.instanceId))
      .filter((c) => c.chain_stage === "setup")
      .map((c) => c.status);
    expect(statuses.sort()).toEqual(["accepted", "withdrawn", "withdrawn", "withdrawn", "withdrawn"]);
    const again = await withdrawChain(w.ctx(who.actor, at(DAY, 14)), {
      instanceId: filed.instanceId,
      reason: "再次撤回",
    }).catch((e: unknown) => e);
    expect(isDomainError(again) && again.code).toBe("INVALID_STATE");
  });
});

describe("chain views", () => {
  it("lists the seeded chains and shows a guide with stages, one material set and what is passed on", async () => {
    const chains = await listChains(w.ctx());
    expect(chains.map((c) => c.code)).toEqual(["YJS-BDCDJ", "YJS-GCJS", "YJS-JGYS", "YJS-QYKB"]);
    const jgys = await getChainGuide(w.ctx(), "YJS-JGYS");
    expect(jgys.stages.map((s) => s.items.length)).toEqual([5, 1]);
    expect(jgys.promiseDays).toBe(11);
    expect(jgys.separateDays).toBeGreaterThan(jgys.promiseDays);
    // The filing's five acceptance documents come from the first stage; the applicant never provides them.
    expect(jgys.handoffs.map((h) => h.to)).toEqual(Array(5).fill("房屋建筑和市政基础设施工程竣工验收备案"));
    expect(jgys.materials.map((m) => m.code)).not.toContain("fire_acceptance");
    const qykb = await getChainGuide(w.ctx(), "YJS-QYKB");
    expect(qykb.promiseDays).toBe(1);
    expect(qykb.establishesEnterprise).toBe("企业设立登记（营业执照核发）");
    await expect(getChainGuide(w.ctx(), "YJS-NOPE")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getChainGuide(w.ctx(), "bad code")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("shows the applicant and the handling departments the progress, with the clock and each department's share; nobody else", async () => {
    const { who, input } = await qykbApplication("孙悦");
    const filed = await submitChainApplication(w.ctx(who.actor, NOW), input);
    const mine = await listMyChains(w.ctx(who.actor, NOW));
    expect(mine[0]).toMatchObject({
      instanceNo: filed.instanceNo,
      chainName: "企业开办一件事",
      status: "running",
      stagesDone: 0,
      stageCount: 2,
    });

    const p = await getChainProgress(w.ctx(who.actor, NOW), filed.instanceId);
    expect(p.clock).toMatchObject({ promiseDays: 1, deadline: "2026-11-24", level: "none" });
    expect(p.stages.map((s) => [s.key, s.status, s.dueOn])).toEqual([
      ["license", "running", "2026-11-24"],
      ["setup", "waiting", "2026-11-24"],
    ]);
    expect(p.stages[0].items[0]).toMatchObject({
      code: "YGSJ-DJ-001",
      outcome: "open",
      attempt: 1,
      caseStatus: "submitted",
    });
    expect(p.stages[1].items.every((i) => i.outcome === "waiting" && i.caseId === null)).toBe(true);
    expect(p.applicantActions).toEqual({ resubmit: [], withdraw: true });
    expect(JSON.stringify(p)).not.toContain(QYKB_FORM.legalRepIdNumber);

    // The market regulator's staff see it (without the application); another department's staff and strangers do not.
    const [licence] = await w.sql<{ department_id: string }>(
      "select department_id from case_file where id = ?",
      [filed.cases[0].caseId],
    );
    const staffView = await getChainProgress(
      w.ctx(await w.staffOf(licence.department_id), NOW),
      filed.instanceId,
    );
    expect(staffView.applicantActions).toEqual({ resubmit: [], withdraw: false });
    const [other] = await w.sql<{ id: string }>("select id from department where code = 'YGMZ'");
    await expect(
      getChainProgress(w.ctx(await w.staffOf(other.id), NOW), filed.instanceId),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const stranger = await w.applicant("陌生人", []);
    await expect(getChainProgress(w.ctx(stranger.actor, NOW), filed.instanceId)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await listMyChains(w.ctx(stranger.actor, NOW))).toEqual([]);

    // Two working days later, still not done: the chain is red against its 1-day promise.
    const late = await getChainProgress(w.ctx(who.actor, at("2026-11-25")), filed.instanceId);
    expect(late.clock.level).toBe("red");
    expect(late.stages[0].level).toBe("red");
  });
});

describe("filing", () => {
  it("numbers two cases of one department filed together consecutively", async () => {
    await publishChain(w.ctx(), {
      code: "YJS-TEST-YGZJ",
      name: "住建局并联测试",
      summary: "同一部门的两个事项在同一环节并联办理（测试用）",
      subjectTypes: ["enterprise"],
      promiseDays: null,
      stages: [{ key: "both", name: "并联", items: ["YGZJ-ZJ-001", "YGZJ-SG-001"], after: [] }],
    });
    const { who, input } = await w.enterpriseApplication("YJS-TEST-YGZJ", "云港住建测试有限公司", DAY);
    const filed = await submitChainApplication(w.ctx(who.actor, NOW), input);
    const rows = await w.sql<{ case_no: string }>(
      "select case_no from case_file where chain_instance_id = ? order by case_no",
      [filed.instanceId],
    );
    expect(rows).toHaveLength(2);
    const [a, b] = rows.map((r) => Number(r.case_no.slice(-6)));
    expect(rows[0].case_no.startsWith("YGZJ-20261123-")).toBe(true);
    expect(b - a).toBe(1);
  });
});
