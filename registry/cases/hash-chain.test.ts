import { describe, expect, it } from "vitest";
import { canonicalJson, eventHash } from "./hash-chain.ts";

// Stored event chains must verify for good: these values were computed by the first implementation, and any
// rewrite of canonicalJson or eventHash must reproduce them exactly.
const EVENT = {
  caseId: "6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5",
  seq: 3,
  stage: "决定",
  action: "decide",
  actorType: "person",
  actorId: "p-1",
  actorName: "王审批",
  at: new Date("2026-11-23T02:00:00Z"),
  payload: {
    approve: true,
    reasons: "符合法定条件，准予许可",
    items: [
      { code: "b", n: 2 },
      { code: "a", n: 1 },
    ],
    skipped: undefined,
  },
};

describe("the case event hash chain", () => {
  it("hashes an event as it always has", () => {
    expect(eventHash("ab".repeat(32), EVENT)).toBe(
      "d118554f3abd052392f718f970f82d65fb6ed8651cf203e4325f98c7182c6e2f",
    );
  });

  it("writes keys in code-unit order at every level, keeps array order and leaves undefined members out", () => {
    expect(canonicalJson({ ...EVENT, at: EVENT.at.toISOString() })).toBe(
      '{"action":"decide","actorId":"p-1","actorName":"王审批","actorType":"person","at":"2026-11-23T02:00:00.000Z",' +
        '"caseId":"6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5","payload":{"approve":true,"items":[{"code":"b","n":2},' +
        '{"code":"a","n":1}],"reasons":"符合法定条件，准予许可"},"seq":3,"stage":"决定"}',
    );
    expect(canonicalJson({ b: 1, 10: "x", 2: "y", A: [undefined, null], é: {} })).toBe(
      '{"10":"x","2":"y","A":[null,null],"b":1,"é":{}}',
    );
  });
});
