import type { Queue } from "bullmq";
import { describe, expect, it } from "vitest";
import { loadEnv } from "../../platform/index.ts";
import { createJobRegistry } from "./workers.ts";

describe("createJobRegistry", () => {
  it("subscribes the webhook fan-out to every pushed topic and registers delivery, retry and the sweep", () => {
    const registry = createJobRegistry({} as Queue, loadEnv({}));
    for (const topic of ["case.submitted", "case.event", "result.issued", "verification.resolved"]) {
      expect(registry.forTopic(topic).map((j) => j.name)).toContain(
        `webhook.fanout.${topic.replace(".", "-")}`,
      );
    }
    expect(registry.forTopic("webhook.retry").map((j) => j.name)).toEqual(["webhook.retry"]);
    expect(registry.get("webhook.deliver")).toBeDefined();
    // The sweep of lost deliveries runs on a schedule, beside the deficiency sweep.
    expect(registry.forTopic("schedule").map((j) => j.name)).toEqual(
      expect.arrayContaining(["case.sweep-deficiencies", "webhook.sweep"]),
    );
  });
});
