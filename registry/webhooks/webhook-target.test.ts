import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { describe, expect, it } from "vitest";
import {
  FORBIDDEN_TARGET_CODE,
  forbiddenWebhookTarget,
  isForbiddenWebhookAddress,
  webhookLookup,
} from "./webhook-target.ts";

describe("webhook targets", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.10.0.5", true],
    ["0.0.0.0", true],
    ["169.254.169.254", true],
    ["224.0.0.1", true],
    ["::1", true],
    ["::", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["::ffff:a9fe:a9fe", true],
    ["not-an-ip", true],
    ["10.20.30.40", false],
    ["192.168.1.10", false],
    ["172.16.0.1", false],
    ["203.0.113.7", false],
    ["2001:db8::1", false],
    ["::ffff:a14:1e28", false],
  ])("%s is forbidden: %s", (address, forbidden) => {
    expect(isForbiddenWebhookAddress(address)).toBe(forbidden);
  });

  it("refuses loopback and link-local hosts unless allowed, and lets other hosts through", async () => {
    const refused = "接收地址指向本机或链路本地地址，不允许推送";
    expect(forbiddenWebhookTarget("http://127.0.0.1:8080/hooks", false)).toBe(refused);
    expect(forbiddenWebhookTarget("http://[::1]/hooks", false)).toBe(refused);
    expect(forbiddenWebhookTarget("http://localhost/hooks", false)).toBe(refused);
    expect(forbiddenWebhookTarget("http://api.localhost/hooks", false)).toBe(refused);
    expect(forbiddenWebhookTarget("http://169.254.169.254/latest/meta-data", false)).toBe(refused);
    expect(forbiddenWebhookTarget("http://127.0.0.1:8080/hooks", true)).toBeNull();
    expect(forbiddenWebhookTarget("https://10.1.2.3/hooks", false)).toBeNull();
    // Host names are left to the connection's lookup.
    expect(forbiddenWebhookTarget("https://hooks.dept.example/hooks", false)).toBeNull();
  });
});

/** What a lookup function answers, as net would call it. */
function ask(lookup: LookupFunction, host: string, options: { all?: boolean; family?: number } = {}) {
  return new Promise<{
    err: NodeJS.ErrnoException | null;
    address: string | LookupAddress[];
    family?: number;
  }>((resolve) => lookup(host, options, (err, address, family) => resolve({ err, address, family })));
}

describe("webhookLookup: the address checked is the address connected to", () => {
  const resolver = (map: Record<string, string[]>) => async (host: string) =>
    (map[host] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  const dns = resolver({
    "hooks.dept.example": ["10.1.2.3", "2001:db8::7"],
    "rebound.example": ["203.0.113.7", "127.0.0.1"],
    "metadata.example": ["169.254.169.254"],
  });

  it("answers with the resolved addresses, one or all, of the family asked for", async () => {
    expect(await ask(webhookLookup(false, dns), "hooks.dept.example")).toEqual({
      err: null,
      address: "10.1.2.3",
      family: 4,
    });
    expect((await ask(webhookLookup(false, dns), "hooks.dept.example", { all: true })).address).toEqual([
      { address: "10.1.2.3", family: 4 },
      { address: "2001:db8::7", family: 6 },
    ]);
    expect(await ask(webhookLookup(false, dns), "hooks.dept.example", { family: 6 })).toMatchObject({
      address: "2001:db8::7",
      family: 6,
    });
  });

  it("refuses a name with any forbidden address, unless loopback is allowed", async () => {
    for (const host of ["rebound.example", "metadata.example"]) {
      const { err } = await ask(webhookLookup(false, dns), host, { all: true });
      expect(err?.code, host).toBe(FORBIDDEN_TARGET_CODE);
    }
    expect((await ask(webhookLookup(true, dns), "rebound.example")).address).toBe("203.0.113.7");
    expect((await ask(webhookLookup(false, dns), "nowhere.example")).err?.code).toBe("ENOTFOUND");
  });
});
