import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCalendarCsv, WorkCalendar } from "../../registry/calendar/work-calendar.ts";
import type { TFlowTemplate } from "../../registry/catalog/catalog.schema.ts";
import { clockStatus } from "../time/index.ts";
import { CASE_ACTION_TYPES, type CaseAction, type CaseActionType } from "./actions.ts";
import { FlowError } from "./flow-error.ts";
import { allowedActions } from "./preconditions.ts";
import { type CaseSnapshot, type FlowActor, type FlowEvent, initialSnapshot, stepKind } from "./snapshot.ts";
import { transition } from "./transition.ts";

const csv = readFileSync(
  new URL("../../registry/calendar/data/work-calendar-cn.csv", import.meta.url),
  "utf8",
);
const cal = new WorkCalendar(parseCalendarCsv(csv));
const at = (date: string) => new Date(`${date}T10:00:00+08:00`);

type Role = "clerk" | "reviewer" | "approver" | "dept_admin";
const step = (code: string, name: string, role: Role, skippable = false) => ({ code, name, role, skippable });
const PROMISED: TFlowTemplate = {
  type: "promised",
  steps: [
    step("accept", "受理", "clerk"),
    step("review", "审查", "reviewer", true),
    step("decide", "决定", "approver"),
    step("conclude", "办结", "clerk"),
  ],
};
const COMPLEX: TFlowTemplate = {
  type: "complex",
  steps: [
    step("accept", "受理", "clerk"),
    step("inspect", "现场勘验", "reviewer"),
    step("review", "联合审查", "reviewer"),
    step("decide", "决定", "approver"),
    step("conclude", "办结", "clerk"),
  ],
};
const ESCALATED: TFlowTemplate = {
  type: "escalated",
  steps: [
    step("accept", "受理", "clerk"),
    step("review", "初审", "reviewer"),
    step("escalate", "上报", "dept_admin"),
    step("decide", "决定", "approver"),
    step("conclude", "办结", "clerk"),
  ],
};
const INSTANT: TFlowTemplate = {
  type: "instant",
  steps: [
    step("accept", "受理", "clerk"),
    step("decide", "审核决定", "approver"),
    step("conclude", "办结", "clerk"),
  ],
};
const INSTANT_NO_DECIDE: TFlowTemplate = {
  type: "instant",
  steps: [step("accept", "受理", "clerk"), step("conclude", "办结", "clerk")],
};

const staff = (id: string, ...roles: string[]): FlowActor => ({
  id,
  name: `职员${id}`,
  kind: "staff",
  roles,
});
const applicant: FlowActor = { id: "p1", name: "张三", kind: "applicant", roles: [] };
const stranger: FlowActor = { id: "p2", name: "李四", kind: "applicant", roles: [] };
const system: FlowActor = { id: "system", name: "系统", kind: "system", roles: [] };
const clerk = staff("c1", "clerk");
const reviewer = staff("r1", "reviewer");
const approver = staff("a1", "approver");
const deptAdmin = staff("d1", "dept_admin");
const boss = staff("b1", "clerk", "reviewer", "approver", "dept_admin");

const fresh = (template: TFlowTemplate, promisedDays = 10, statutoryDays = 20) =>
  initialSnapshot(template, { applicantId: "p1", statutoryDays, promisedDays, issuesResult: true });

type Move = [CaseAction, FlowActor, string];
/** Plays moves from a snapshot; returns the last snapshot and every event. */
function play(template: TFlowTemplate, start: CaseSnapshot, moves: Move[]) {
  let snap = start;
  const events: FlowEvent[] = [];
  for (const [action, actor, date] of moves) {
    const r = transition(template, snap, action, actor, at(date), cal);
    snap = r.snapshot;
    events.push(...r.events);
  }
  return { snap, events };
}
function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof FlowError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected a refusal");
}

const D = "2026-03-02";
const m = {
  receive: [{ type: "receive" }, clerk, D] as Move,
  accept: [{ type: "accept" }, clerk, D] as Move,
  pass: (who = reviewer, date = D): Move => [{ type: "review", pass: true }, who, date],
  back: (who = reviewer, date = D): Move => [
    { type: "review", pass: false, reason: "材料前后不一致" },
    who,
    date,
  ],
  notice: (codes: string[], who = clerk, date = D): Move => [
    { type: "requestSupplement", items: codes.map((code) => ({ code, problem: "材料不清晰" })) },
    who,
    date,
  ],
  supply: (codes: string[], date = D): Move => [
    { type: "supplement", items: codes.map((code) => ({ code })) },
    applicant,
    date,
  ],
  decide: (approve = true, who = approver, date = D): Move => [
    { type: "decide", approve, reasons: "符合法定条件" },
    who,
    date,
  ],
  conclude: (who = clerk, date = D): Move => [{ type: "conclude" }, who, date],
};

// One snapshot per state, all built through the engine itself.
const drafted = fresh(PROMISED);
const submitted = play(PROMISED, drafted, [m.receive]).snap;
const inReview = play(PROMISED, submitted, [m.accept]).snap;
const accepted = play(PROMISED, inReview, [m.pass()]).snap;
const decided = play(PROMISED, accepted, [m.decide()]).snap;
const FIXTURES: Record<string, CaseSnapshot> = {
  draft: drafted,
  submitted,
  supplement_requested: play(PROMISED, submitted, [m.notice(["id_card"])]).snap,
  supplement_requested_after: play(PROMISED, inReview, [m.notice(["id_card"], reviewer)]).snap,
  accepted,
  in_review: inReview,
  special_procedure: play(PROMISED, inReview, [
    [{ type: "startSpecialProcedure", kind: "hearing", reason: "涉及重大公共利益" }, reviewer, D],
  ]).snap,
  decided,
  concluded: play(PROMISED, decided, [m.conclude()]).snap,
  refused: play(PROMISED, submitted, [
    [{ type: "refuse", reason: "不属于本机关职权", legalBasis: "行政许可法第三十二条" }, clerk, D],
  ]).snap,
  returned: play(PROMISED, inReview, [[{ type: "return", reason: "申请人要求退件" }, reviewer, D]]).snap,
  withdrawn: play(PROMISED, submitted, [[{ type: "withdraw" }, applicant, D]]).snap,
  terminated: play(PROMISED, submitted, [
    [{ type: "acceptWithDeficiency", materialCode: "licence", dueOn: D, signedCommitment: true }, clerk, D],
    [{ type: "deficiencyExpired" }, system, "2026-03-03"],
  ]).snap,
};

const ACTIONS: Record<CaseActionType, CaseAction> = {
  receive: { type: "receive" },
  accept: { type: "accept" },
  refuse: { type: "refuse", reason: "不属于本机关职权", legalBasis: "行政许可法第三十二条" },
  requestSupplement: { type: "requestSupplement", items: [{ code: "id_card", problem: "复印件不清晰" }] },
  supplement: { type: "supplement", items: [{ code: "id_card" }] },
  acceptWithDeficiency: {
    type: "acceptWithDeficiency",
    materialCode: "licence",
    dueOn: "2026-03-12",
    signedCommitment: true,
  },
  deficiencyFulfilled: { type: "deficiencyFulfilled" },
  deficiencyExpired: { type: "deficiencyExpired" },
  commitmentApproval: {
    type: "commitmentApproval",
    commitmentText: "本人承诺符合条件",
    verifyBy: "2026-06-30",
  },
  review: { type: "review", pass: true },
  skip: { type: "skip", reason: "不涉及" },
  startSpecialProcedure: { type: "startSpecialProcedure", kind: "expert_review", reason: "技术复杂" },
  endSpecialProcedure: { type: "endSpecialProcedure", outcome: "专家同意" },
  extend: { type: "extend", days: 5, approvedBy: "局长", reason: "情况复杂" },
  decide: { type: "decide", approve: true, reasons: "符合法定条件" },
  conclude: { type: "conclude" },
  return: { type: "return", reason: "申请人要求退件" },
  withdraw: { type: "withdraw" },
  arbitrate: { type: "arbitrate", pass: true, reason: "同意流转" },
};

const POST = ["accepted", "in_review", "special_procedure", "decided", "supplement_requested_after"];
/** The expected matrix, written out by hand (not derived from guards.ts). */
const ALLOWED: Record<CaseActionType, string[]> = {
  receive: ["draft"],
  accept: ["submitted"],
  refuse: ["submitted", "supplement_requested"],
  requestSupplement: ["submitted", "accepted", "in_review"],
  supplement: ["supplement_requested", "supplement_requested_after"],
  acceptWithDeficiency: ["submitted"],
  deficiencyFulfilled: POST,
  deficiencyExpired: POST,
  commitmentApproval: ["submitted", "accepted", "in_review"],
  review: ["in_review"],
  skip: ["in_review"],
  startSpecialProcedure: ["accepted", "in_review"],
  endSpecialProcedure: ["special_procedure"],
  extend: ["accepted", "in_review", "special_procedure", "supplement_requested_after"],
  decide: ["accepted"],
  conclude: ["decided"],
  return: ["submitted", "supplement_requested", "supplement_requested_after", "accepted", "in_review"],
  withdraw: ["draft", "submitted", "supplement_requested"],
  arbitrate: [],
};
const actorFor = (type: CaseActionType) =>
  type === "supplement" || type === "withdraw" ? applicant : type === "deficiencyExpired" ? system : boss;
/** Deficiency actions need an owed material; post-acceptance fixtures get one due before "now". */
const withDeficiency = (snap: CaseSnapshot, type: CaseActionType): CaseSnapshot =>
  type.startsWith("deficiency") && snap.clock.acceptedOn
    ? { ...snap, deficiency: { materialCode: "licence", dueOn: D, status: "open" } }
    : snap;

const matrix = CASE_ACTION_TYPES.flatMap((type) =>
  Object.keys(FIXTURES).map((state) => ({ type, state, allowed: ALLOWED[type].includes(state) })),
);

describe("every action from every state", () => {
  it.each(matrix)("$type from $state: allowed=$allowed", ({ type, state, allowed }) => {
    const snap = withDeficiency(FIXTURES[state]!, type);
    const run = () => transition(PROMISED, snap, ACTIONS[type], actorFor(type), at("2026-03-04"), cal);
    if (allowed) {
      const r = run();
      expect(r.events.length).toBeGreaterThan(0);
      expect(r.snapshot).not.toBe(snap);
    } else {
      expect(refusal(run).code).toBe("INVALID_STATE");
    }
  });

  it("never changes the snapshot it is given", () => {
    const before = structuredClone(inReview);
    transition(PROMISED, inReview, m.notice(["id_card"], reviewer)[0], reviewer, at(D), cal);
    expect(inReview).toEqual(before);
  });
});

describe("role checks", () => {
  it.each([
    ["a clerk cannot decide", accepted, ACTIONS.decide, clerk, "FORBIDDEN"],
    ["a reviewer cannot accept", submitted, ACTIONS.accept, reviewer, "FORBIDDEN"],
    ["the applicant cannot accept", submitted, ACTIONS.accept, applicant, "FORBIDDEN"],
    ["the system cannot accept", submitted, ACTIONS.accept, system, "FORBIDDEN"],
    ["another person cannot withdraw", submitted, ACTIONS.withdraw, stranger, "FORBIDDEN"],
    [
      "staff cannot supplement for the applicant",
      FIXTURES.supplement_requested!,
      ACTIONS.supplement,
      boss,
      "FORBIDDEN",
    ],
    ["a clerk cannot pass the review step", inReview, ACTIONS.review, clerk, "FORBIDDEN"],
    ["a reviewer cannot extend (§42 needs the approver)", inReview, ACTIONS.extend, reviewer, "FORBIDDEN"],
    [
      "staff cannot expire a deficiency",
      withDeficiency(inReview, "deficiencyExpired"),
      ACTIONS.deficiencyExpired,
      boss,
      "FORBIDDEN",
    ],
    ["a reviewer cannot approve on commitment", submitted, ACTIONS.commitmentApproval, reviewer, "FORBIDDEN"],
    ["the applicant receives their own application", drafted, ACTIONS.receive, applicant, null],
    ["a clerk receives at the window", drafted, ACTIONS.receive, clerk, null],
    ["another person cannot submit someone's draft", drafted, ACTIONS.receive, stranger, "FORBIDDEN"],
    [
      "the approver may start a special procedure at the review step",
      inReview,
      ACTIONS.startSpecialProcedure,
      approver,
      null,
    ],
    ["the approver may return a case at the review step", inReview, ACTIONS.return, approver, null],
    ["the approver approves on commitment", inReview, ACTIONS.commitmentApproval, approver, null],
  ] as const)("%s", (_why, snap, action, actor, code) => {
    const run = () => transition(PROMISED, snap, action, actor, at("2026-03-04"), cal);
    if (code === null) expect(run().events.length).toBeGreaterThan(0);
    else expect(refusal(run).code).toBe(code);
  });
});

describe("validation", () => {
  const six: TFlowTemplate = { ...COMPLEX, steps: [...COMPLEX.steps, step("archive", "归档", "clerk")] };
  it.each([
    ["a 6-step template", six, submitted, ACTIONS.accept, clerk, /不得超过 5 个/],
    [
      "a template not starting with accept",
      { ...PROMISED, steps: PROMISED.steps.slice(1) },
      submitted,
      ACTIONS.accept,
      clerk,
      /第一个环节/,
    ],
    [
      "a template not ending with decide/conclude",
      { ...PROMISED, steps: [PROMISED.steps[0]!, PROMISED.steps[2]!, PROMISED.steps[1]!] },
      submitted,
      ACTIONS.accept,
      clerk,
      /结束/,
    ],
    [
      "an unknown action",
      PROMISED,
      submitted,
      { type: "approveEverything" } as unknown as CaseAction,
      clerk,
      /./,
    ],
    [
      "refuse without a legal basis",
      PROMISED,
      submitted,
      { type: "refuse", reason: "不符合条件" } as CaseAction,
      clerk,
      /./,
    ],
    [
      "an empty supplement notice",
      PROMISED,
      submitted,
      { type: "requestSupplement", items: [] },
      clerk,
      /一次性|全部/,
    ],
    [
      "a notice listing one material twice",
      PROMISED,
      submitted,
      m.notice(["id_card", "id_card"])[0],
      clerk,
      /重复/,
    ],
    [
      "容缺 without a signed commitment",
      PROMISED,
      submitted,
      { ...ACTIONS.acceptWithDeficiency, signedCommitment: false } as unknown as CaseAction,
      clerk,
      /承诺书/,
    ],
    [
      "容缺 due after the promised deadline",
      PROMISED,
      submitted,
      { ...ACTIONS.acceptWithDeficiency, dueOn: "2026-04-30" } as CaseAction,
      clerk,
      /承诺办结期限 2026-03-18/,
    ],
    [
      "supplementing an unlisted material",
      PROMISED,
      FIXTURES.supplement_requested!,
      { type: "supplement", items: [{ code: "photo" }] },
      applicant,
      /photo/,
    ],
    [
      "extending by 11 days with no other law",
      PROMISED,
      inReview,
      { ...ACTIONS.extend, days: 11 } as CaseAction,
      approver,
      /10 个工作日/,
    ],
    [
      "a verification date in the past",
      PROMISED,
      submitted,
      { ...ACTIONS.commitmentApproval, verifyBy: "2026-03-01" } as CaseAction,
      clerk,
      /核查期限/,
    ],
    [
      "deciding without reasons",
      PROMISED,
      accepted,
      { type: "decide", approve: false, reasons: "" },
      approver,
      /理由/,
    ],
  ] as const)("rejects %s", (_why, template, snap, action, actor, message) => {
    const r = refusal(() =>
      transition(template as TFlowTemplate, snap, action as CaseAction, actor, at("2026-03-04"), cal),
    );
    expect(r.code).toBe("VALIDATION");
    expect(r.message).toMatch(message);
  });

  it("allows a longer extension when another law provides for it, but only once", () => {
    const ext = { ...ACTIONS.extend, days: 30, otherLaw: "《某某条例》第十条" } as CaseAction;
    const { snap } = play(PROMISED, inReview, [[ext, approver, "2026-03-04"]]);
    expect(snap.deadlines.statutory).toBe("2026-05-14"); // 50 working days, over 劳动节 and its make-up Saturday
    expect(
      refusal(() => transition(PROMISED, snap, ACTIONS.extend, approver, at("2026-03-05"), cal)).code,
    ).toBe("INVALID_STATE");
  });
});

const stages = (events: FlowEvent[]) => events.map((e) => `${e.stage}:${e.action}`);

describe("flows", () => {
  it("promised: 接件 → 受理 → 审查 → 决定 → 办结, with the deadlines fixed at acceptance", () => {
    const { snap, events } = play(PROMISED, drafted, [
      m.receive,
      m.accept,
      m.pass(),
      m.decide(),
      m.conclude(),
    ]);
    expect(stages(events)).toEqual([
      "网上申报/接件:receive",
      "受理:accept",
      "审查:review",
      "决定:decide",
      "办结:conclude",
    ]);
    expect(events[1]!.payload).toMatchObject({
      promisedDeadline: "2026-03-16",
      statutoryDeadline: "2026-03-30",
    });
    expect(events[4]!.payload).toMatchObject({ approved: true, issueResult: true });
    expect(snap).toMatchObject({ status: "concluded", concludedOn: D, stepEntries: [1, 1, 1, 1] });
  });

  it("instant: 接件 → 受理 → 决定 → 办结 on one day, never red", () => {
    const start = fresh(INSTANT, 0, 0);
    const { snap, events } = play(INSTANT, start, [m.receive, m.accept, m.decide(), m.conclude()]);
    expect(stages(events)).toEqual(["网上申报/接件:receive", "受理:accept", "决定:decide", "办结:conclude"]);
    expect(snap.deadlines).toEqual({ statutory: D, promised: D });
    expect(clockStatus(cal, snap.clock, at(D)).level).toBe("none");
    expect(clockStatus(cal, snap.clock, at("2026-03-03")).level).toBe("red");
  });

  it("instant without a decide step: the clerk decides at 办结; a denial issues no result", () => {
    const { snap, events } = play(INSTANT_NO_DECIDE, fresh(INSTANT_NO_DECIDE, 0, 0), [
      m.receive,
      m.accept,
      m.decide(false, clerk),
      m.conclude(),
    ]);
    expect(snap.status).toBe("concluded");
    expect(events.at(-1)!.payload).toMatchObject({ approved: false, issueResult: false });
  });

  it("escalated: 初审 → 上报 (dept_admin) → 决定 (approver)", () => {
    const { snap } = play(ESCALATED, fresh(ESCALATED), [m.receive, m.accept, m.pass()]);
    expect(snap).toMatchObject({ status: "in_review", step: 2 });
    expect(refusal(() => transition(ESCALATED, snap, ACTIONS.review, reviewer, at(D), cal)).code).toBe(
      "FORBIDDEN",
    );
    const up = play(ESCALATED, snap, [m.pass(deptAdmin)]).snap;
    expect(up).toMatchObject({ status: "accepted", step: 3 });
    const done = play(ESCALATED, up, [m.decide(false), m.conclude()]);
    expect(done.snap.decision).toMatchObject({ approve: false });
    expect(done.events.at(-1)!.payload).toMatchObject({ issueResult: false });
  });

  it("a review cannot return the case to 受理", () => {
    expect(refusal(() => transition(PROMISED, inReview, m.back()[0], reviewer, at(D), cal)).message).toMatch(
      /受理/,
    );
  });

  it("skips a skippable step only", () => {
    const r = play(PROMISED, inReview, [[ACTIONS.skip, reviewer, D]]);
    expect(r.snap).toMatchObject({ status: "accepted", step: 2 });
    const complex = play(COMPLEX, fresh(COMPLEX), [m.receive, m.accept]).snap;
    expect(refusal(() => transition(COMPLEX, complex, ACTIONS.skip, reviewer, at(D), cal)).message).toMatch(
      /不可跳过/,
    );
  });
});

describe("loop guard", () => {
  // accept → inspect → review ↩ inspect → review ↩ inspect: the second re-entry into 现场勘验.
  const looped = play(COMPLEX, fresh(COMPLEX), [m.receive, m.accept, m.pass(), m.back(), m.pass(), m.back()]);

  it("two returns send the case to the approver for arbitration", () => {
    expect(looped.snap).toMatchObject({ arbitrationPending: true, step: 1, stepEntries: [1, 3, 2, 0, 0] });
    expect(looped.events.at(-1)).toMatchObject({
      stage: "审查",
      action: "arbitrationRequested",
      payload: { step: "inspect", reentries: 2 },
    });
    expect(
      refusal(() => transition(COMPLEX, looped.snap, m.pass()[0], reviewer, at(D), cal)).message,
    ).toMatch(/仲裁/);
    expect(
      refusal(() => transition(COMPLEX, looped.snap, ACTIONS.arbitrate, reviewer, at(D), cal)).code,
    ).toBe("FORBIDDEN");
  });

  it("arbitration passes to the next step and settles the loop", () => {
    const { snap, events } = play(COMPLEX, looped.snap, [[ACTIONS.arbitrate, approver, D]]);
    expect(snap).toMatchObject({
      arbitrationPending: false,
      step: 2,
      status: "in_review",
      stepEntries: [1, 1, 2, 0, 0],
    });
    expect(events.map((e) => e.action)).toEqual(["arbitrate"]);
    expect(play(COMPLEX, snap, [m.pass()]).snap).toMatchObject({ status: "accepted", step: 3 });
  });

  it("arbitration that fails returns the case (退件)", () => {
    const fail = { type: "arbitrate", pass: false, reason: "反复退回，材料无法核实" } as const;
    const { snap, events } = play(COMPLEX, looped.snap, [[fail, approver, D]]);
    expect(snap.status).toBe("returned");
    expect(events[0]).toMatchObject({ stage: "退件", action: "arbitrate" });
  });
});

describe("supplement notices and the clock", () => {
  it("pauses the clock across the Spring Festival and moves the deadlines on resumption", () => {
    const start = play(PROMISED, drafted, [m.receive, [{ type: "accept" }, clerk, "2026-02-10"]]).snap;
    expect(start.deadlines).toEqual({ promised: "2026-03-02", statutory: "2026-03-16" });
    const waiting = play(PROMISED, start, [m.notice(["id_card"], reviewer, "2026-02-12")]).snap;
    expect(waiting).toMatchObject({ status: "supplement_requested", resumeStatus: "in_review" });
    expect(clockStatus(cal, waiting.clock, at("2026-02-24"))).toMatchObject({
      paused: true,
      usedWorkingDays: 2,
    });
    const { snap, events } = play(PROMISED, waiting, [m.supply(["id_card"], "2026-02-25")]);
    expect(snap).toMatchObject({ status: "in_review", resumeStatus: null });
    expect(snap.deadlines).toEqual({ promised: "2026-03-06", statutory: "2026-03-20" });
    expect(events[0]).toMatchObject({ stage: "补正受理", payload: { promisedDeadline: "2026-03-06" } });
  });

  it("a notice before acceptance does not start or pause the clock", () => {
    const s = FIXTURES.supplement_requested!;
    expect(s.clock).toMatchObject({ acceptedOn: null, pauses: [] });
    expect(play(PROMISED, s, [m.supply(["id_card"])]).snap.status).toBe("submitted");
  });

  it("a second notice on changed materials is fine; on unchanged ones it is a 二次补正 violation", () => {
    const first = play(PROMISED, submitted, [m.notice(["id_card", "licence"]), m.supply(["id_card"])]).snap;
    const ok = play(PROMISED, first, [m.notice(["id_card"])]);
    expect(ok.events.filter((e) => e.violation)).toEqual([]);
    const again = play(PROMISED, ok.snap, [m.supply(["id_card"]), m.notice(["licence", "id_card"])]);
    expect(again.snap.status).toBe("supplement_requested");
    expect(again.snap.supplementNotices).toHaveLength(3);
    expect(again.events.at(-1)).toMatchObject({
      stage: "补正告知",
      violation: "二次补正",
      payload: { notice: 3, unchangedItems: ["licence"] },
    });
  });
});

describe("容缺受理, 告知承诺, special procedures", () => {
  const owing = play(PROMISED, submitted, [
    [
      { type: "acceptWithDeficiency", materialCode: "licence", dueOn: "2026-03-05", signedCommitment: true },
      clerk,
      D,
    ],
  ]).snap;

  it("terminates the case when the material does not come by the due date", () => {
    expect(owing).toMatchObject({ status: "in_review", deficiency: { status: "open", dueOn: "2026-03-05" } });
    const early = () => transition(PROMISED, owing, ACTIONS.deficiencyExpired, system, at("2026-03-05"), cal);
    expect(refusal(early).message).toMatch(/尚未届满/);
    const { snap, events } = play(PROMISED, owing, [[ACTIONS.deficiencyExpired, system, "2026-03-06"]]);
    expect(snap).toMatchObject({
      status: "terminated",
      deficiency: { status: "expired" },
      concludedOn: "2026-03-06",
    });
    expect(events[0]).toMatchObject({ stage: "办结", payload: { terminated: true, issueResult: false } });
  });

  it("cannot conclude while the material is owed; can once it is fulfilled", () => {
    const dec = play(PROMISED, owing, [m.pass(), m.decide()]).snap;
    expect(refusal(() => transition(PROMISED, dec, m.conclude()[0], clerk, at(D), cal)).message).toMatch(
      /容缺/,
    );
    const done = play(PROMISED, dec, [
      [ACTIONS.deficiencyFulfilled, clerk, "2026-03-04"],
      m.conclude(clerk, "2026-03-04"),
    ]);
    expect(done.snap.status).toBe("concluded");
  });

  it("告知承诺 accepts, approves and creates a verification task", () => {
    const { snap, events } = play(PROMISED, submitted, [
      [ACTIONS.commitmentApproval, clerk, D],
      m.conclude(),
    ]);
    expect(stages(events)).toEqual(["受理:accept", "决定:commitmentApproval", "办结:conclude"]);
    expect(snap.verification).toEqual({
      commitmentText: "本人承诺符合条件",
      dueOn: "2026-06-30",
      status: "open",
    });
    expect(events.at(-1)!.payload).toMatchObject({
      issueResult: true,
      verificationTask: { dueOn: "2026-06-30" },
    });
  });

  it("an expert review pauses the clock; with a §42 extension only the statutory deadline moves by it", () => {
    const { snap, events } = play(PROMISED, inReview, [
      [{ type: "startSpecialProcedure", kind: "expert_review", reason: "技术复杂" }, reviewer, "2026-03-04"],
      [{ type: "endSpecialProcedure", outcome: "专家论证通过" }, reviewer, "2026-03-11"],
      [{ ...ACTIONS.extend, days: 10 } as CaseAction, approver, "2026-03-12"],
    ]);
    expect(stages(events)).toEqual([
      "特别程序申请:startSpecialProcedure",
      "特别程序结果:endSpecialProcedure",
      "审查:extend",
    ]);
    expect(events[1]!.payload).toMatchObject({ excludedWorkingDays: 5, notifyApplicant: true });
    expect(snap).toMatchObject({
      status: "in_review",
      deadlines: { promised: "2026-03-23", statutory: "2026-04-21" },
    });
  });
});

describe("allowedActions agrees with transition", () => {
  /** Inputs tried per type: the matrix's, and for review both outcomes (pass, return). */
  const candidates = (type: CaseActionType): CaseAction[] =>
    type === "review" ? [m.pass()[0], m.back()[0]] : [ACTIONS[type]];
  const accepts = (t: TFlowTemplate, snap: CaseSnapshot, type: CaseActionType, actor: FlowActor) =>
    candidates(type).some((a) => {
      try {
        transition(t, snap, a, actor, at("2026-03-04"), cal);
        return true;
      } catch (e) {
        if (e instanceof FlowError) return false;
        throw e;
      }
    });
  const states = (t: TFlowTemplate): [string, CaseSnapshot][] => {
    const sub = play(t, fresh(t), [m.receive]).snap;
    const out: [string, CaseSnapshot][] = [
      ["draft", fresh(t)],
      ["submitted", sub],
    ];
    let s = play(t, sub, [m.accept]).snap;
    out.push([`step ${s.step}`, s]);
    // Through the review-like steps to the decide (or conclude) step, each passed by the step's own role.
    while (stepKind(t, s.step) === "review") {
      s = play(t, s, [m.pass(boss)]).snap;
      out.push([`step ${s.step}`, s]);
    }
    const decidedHere = play(t, s, [m.decide(true, boss)]).snap;
    out.push(["decided", decidedHere], ["concluded", play(t, decidedHere, [m.conclude(boss)]).snap]);
    out.push(["with a deficiency", withDeficiency(out[2]![1], "deficiencyFulfilled")]);
    return out;
  };
  const cases = [PROMISED, COMPLEX, ESCALATED, INSTANT, INSTANT_NO_DECIDE].flatMap((t) =>
    states(t).flatMap(([state, snap]) =>
      [boss, applicant, system].map((actor) => ({
        t,
        name: t.steps.map((s) => s.code).join(">"),
        state,
        snap,
        actor,
      })),
    ),
  );

  it.each(cases)("$name, $state, as $actor.name", ({ t, snap, actor }) => {
    const listed = allowedActions(t, snap, actor, "2026-03-04");
    const accepted = CASE_ACTION_TYPES.filter((type) => accepts(t, snap, type, actor));
    expect(listed).toEqual(accepted);
  });

  it("at a decide step right after 受理 offers decide but not review; after 办结 nothing", () => {
    const atDecide = play(INSTANT, fresh(INSTANT), [m.receive, m.accept]).snap;
    const offered = allowedActions(INSTANT, atDecide, boss, D);
    expect(offered).toContain("decide");
    expect(offered).not.toContain("review");
    expect(refusal(() => transition(INSTANT, atDecide, m.pass()[0], boss, at(D), cal)).code).toBe(
      "INVALID_STATE",
    );
    const done = play(INSTANT, atDecide, [m.decide(true, boss), m.conclude(boss)]).snap;
    expect(allowedActions(INSTANT, done, boss, D)).toEqual([]);
  });

  it("at a decide step after a review step offers review only as the return to it", () => {
    expect(allowedActions(PROMISED, accepted, approver, D)).toContain("review");
    expect(
      refusal(() => transition(PROMISED, accepted, m.pass(approver)[0], approver, at(D), cal)).message,
    ).toMatch(/决定环节请作出决定/);
    expect(play(PROMISED, accepted, [m.back(approver)]).snap).toMatchObject({ status: "in_review", step: 1 });
  });

  it("after the one extension, or past the statutory deadline, extend is not offered", () => {
    expect(allowedActions(PROMISED, inReview, approver, D)).toContain("extend");
    const once = play(PROMISED, inReview, [[ACTIONS.extend, approver, D]]).snap;
    expect(allowedActions(PROMISED, once, approver, D)).not.toContain("extend");
    expect(allowedActions(PROMISED, inReview, approver, "2027-01-04")).not.toContain("extend");
  });
});
