import { describe, expect, it } from "vitest";
import {
  type ChainCommand,
  type ChainEvent,
  type ChainPlan,
  type ChainSnapshot,
  newChainSnapshot,
  planChain,
} from "./plan.ts";

const DAY = "2026-11-23";

/** Plans a sequence of events from a new chain; case ids are c1, c2, … in filing order. */
function run(plan: ChainPlan, events: ChainEvent[]) {
  let n = 0;
  const newId = () => `c${++n}`;
  let snapshot: ChainSnapshot = newChainSnapshot(plan, DAY);
  const log: ChainCommand[][] = [];
  for (const e of events) {
    const out = planChain(plan, snapshot, e, DAY, newId);
    snapshot = out.snapshot;
    log.push(out.commands);
  }
  return { snapshot, log };
}

const filed = (cmds: ChainCommand[]) =>
  cmds.flatMap((c) => (c.type === "fileCase" ? [`${c.stage}:${c.itemCode}#${c.attempt}`] : []));
const ended = (caseId: string, outcome: "approved" | "denied" = "approved", typeCode = ""): ChainEvent => ({
  type: "caseEnded",
  caseId,
  outcome,
  reason: outcome === "denied" ? "材料不符合法定形式" : null,
  results: outcome === "approved" && typeCode ? [{ id: `r-${caseId}`, typeCode }] : [],
});

const serial: ChainPlan = {
  stages: [
    { key: "a", items: ["A"], after: [] },
    { key: "b", items: ["B"], after: ["a"] },
    { key: "c", items: ["C"], after: ["b"] },
  ],
  handoffs: [{ fromItem: "A", resultTypeCode: "RA", toItem: "C", requirementCode: "ra_doc" }],
};
const parallel: ChainPlan = {
  stages: [
    { key: "inspect", items: ["P1", "P2", "P3", "P4", "P5"], after: [] },
    { key: "record", items: ["R"], after: ["inspect"] },
  ],
  handoffs: ["P1", "P2", "P3", "P4", "P5"].map((p) => ({
    fromItem: p,
    resultTypeCode: `T${p}`,
    toItem: "R",
    requirementCode: `doc_${p.toLowerCase()}`,
  })),
};
const diamond: ChainPlan = {
  stages: [
    { key: "top", items: ["T"], after: [] },
    { key: "left", items: ["L"], after: ["top"] },
    { key: "right", items: ["R"], after: ["top"] },
    { key: "bottom", items: ["B"], after: ["left", "right"] },
  ],
  handoffs: [],
};

describe("planChain", () => {
  it.each([
    {
      name: "serial: each stage starts when the one before is done",
      plan: serial,
      events: [{ type: "start" }, ended("c1", "approved", "RA"), ended("c2"), ended("c3")] as ChainEvent[],
      filings: [["a:A#1"], ["b:B#1"], ["c:C#1"], []],
      status: "completed",
    },
    {
      name: "parallel: the join fires once, after the last of five",
      plan: parallel,
      events: [
        { type: "start" },
        ended("c1"),
        ended("c2"),
        ended("c3"),
        ended("c4"),
        ended("c5"),
      ] as ChainEvent[],
      filings: [
        ["inspect:P1#1", "inspect:P2#1", "inspect:P3#1", "inspect:P4#1", "inspect:P5#1"],
        [],
        [],
        [],
        [],
        ["record:R#1"],
      ],
      status: "running",
    },
    {
      name: "diamond: both branches start together, the bottom after both",
      plan: diamond,
      events: [{ type: "start" }, ended("c1"), ended("c3"), ended("c2"), ended("c4")] as ChainEvent[],
      filings: [["top:T#1"], ["left:L#1", "right:R#1"], [], ["bottom:B#1"], []],
      status: "completed",
    },
  ])("$name", ({ plan, events, filings, status }) => {
    const { snapshot, log } = run(plan, events);
    expect(log.map(filed)).toEqual(filings);
    expect(snapshot.status).toBe(status);
  });

  it("hands earlier results to later stages by requirement", () => {
    const { log } = run(serial, [{ type: "start" }, ended("c1", "approved", "RA"), ended("c2")]);
    const c = log[2].find((x) => x.type === "fileCase");
    expect(c).toMatchObject({ itemCode: "C", handoffs: [{ requirementCode: "ra_doc", resultId: "r-c1" }] });
    const b = log[1].find((x) => x.type === "fileCase");
    expect(b).toMatchObject({ itemCode: "B", handoffs: [] });
  });

  it("the join collects the results of all five parallel cases", () => {
    const { log } = run(parallel, [
      { type: "start" },
      ...["c1", "c2", "c3", "c4", "c5"].map((id, i) => ended(id, "approved", `TP${i + 1}`)),
    ]);
    const r = log[5].find((x) => x.type === "fileCase");
    expect(r?.type === "fileCase" && r.handoffs.map((h) => h.resultId)).toEqual([
      "r-c1",
      "r-c2",
      "r-c3",
      "r-c4",
      "r-c5",
    ]);
  });

  it("a denial blocks the chain with its reason; the other parallel cases go on; nothing new starts", () => {
    const { snapshot, log } = run(parallel, [
      { type: "start" },
      ended("c2", "denied"),
      ended("c1"),
      ended("c3"),
      ended("c4"),
      ended("c5"),
    ]);
    expect(snapshot.status).toBe("blocked");
    expect(log[1]).toEqual([
      {
        type: "notify",
        kind: "blocked",
        stage: "inspect",
        itemCode: "P2",
        reason: "不予许可：材料不符合法定形式",
      },
    ]);
    expect(log.slice(2).flatMap(filed)).toEqual([]);
    expect(snapshot.stages.inspect.status).toBe("running");
    expect(snapshot.pauses).toEqual([{ from: DAY, to: null, reason: "不予许可：材料不符合法定形式" }]);
  });

  it("resubmission after amendment files the next attempt, unblocks, and the join then fires", () => {
    const { snapshot, log } = run(parallel, [
      { type: "start" },
      ended("c2", "denied"),
      ended("c1"),
      ended("c3"),
      ended("c4"),
      ended("c5"),
      { type: "resubmit", stage: "inspect", itemCode: "P2" },
      ended("c6"),
    ]);
    expect(filed(log[6])).toEqual(["inspect:P2#2"]);
    expect(log[6]).toContainEqual({ type: "notify", kind: "resumed", stage: "inspect", itemCode: "P2" });
    expect(filed(log[7])).toEqual(["record:R#1"]);
    expect(snapshot.status).toBe("running");
    expect(snapshot.pauses[0].to).toBe(DAY);
    expect(snapshot.stages.inspect.slots.P2).toMatchObject({ caseId: "c6", attempt: 2, status: "approved" });
  });

  it("stays blocked while another item has failed", () => {
    const { snapshot, log } = run(parallel, [
      { type: "start" },
      ended("c1", "denied"),
      ended("c2", "denied"),
      { type: "resubmit", stage: "inspect", itemCode: "P1" },
    ]);
    expect(snapshot.status).toBe("blocked");
    expect(log[3].map((c) => c.type)).toEqual(["fileCase"]);
  });

  it("a replayed case end changes nothing", () => {
    const { log, snapshot } = run(serial, [{ type: "start" }, ended("c1"), ended("c1")]);
    expect(log[2]).toEqual([]);
    expect(filed(log[1])).toEqual(["b:B#1"]);
    expect(snapshot.stages.b.status).toBe("running");
  });

  it("withdrawal lists the open cases and ends the chain; later case ends start nothing", () => {
    const { snapshot, log } = run(parallel, [
      { type: "start" },
      ended("c1"),
      { type: "withdraw", reason: "项目暂缓" },
      ended("c2"),
      ended("c3"),
      ended("c4"),
      ended("c5"),
    ]);
    expect(log[2][0]).toEqual({
      type: "withdrawCases",
      caseIds: ["c2", "c3", "c4", "c5"],
      reason: "项目暂缓",
    });
    expect(log.slice(3).flat()).toEqual([]);
    expect(snapshot.status).toBe("withdrawn");
    expect(snapshot.endedOn).toBe(DAY);
  });

  it.each([
    {
      name: "resubmitting an item that has not failed",
      events: [{ type: "start" }, { type: "resubmit", stage: "a", itemCode: "A" }],
    },
    {
      name: "resubmitting an unknown item",
      events: [{ type: "start" }, { type: "resubmit", stage: "a", itemCode: "Z" }],
    },
    { name: "starting twice", events: [{ type: "start" }, { type: "start" }] },
    { name: "a case the chain does not know", events: [{ type: "start" }, ended("nope")] },
    {
      name: "withdrawing a completed chain",
      events: [
        { type: "start" },
        ended("c1"),
        ended("c2"),
        ended("c3"),
        { type: "withdraw", reason: "不需要了" },
      ],
    },
  ] as { name: string; events: ChainEvent[] }[])("refuses $name", ({ events }) => {
    expect(() => run(serial, events)).toThrow();
  });

  it("does not change the snapshot it was given", () => {
    const before = newChainSnapshot(serial, DAY);
    const copy = structuredClone(before);
    planChain(serial, before, { type: "start" }, DAY, () => "x");
    expect(before).toEqual(copy);
  });
});
