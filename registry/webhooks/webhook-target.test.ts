import { describe, expect, it } from "vitest";
import { forbiddenWebhookTarget, isForbiddenWebhookAddress } from "./webhook-target.ts";

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
    expect(await forbiddenWebhookTarget("http://127.0.0.1:8080/hooks", false)).toBe(refused);
    expect(await forbiddenWebhookTarget("http://[::1]/hooks", false)).toBe(refused);
    expect(await forbiddenWebhookTarget("http://localhost/hooks", false)).toBe(refused);
    expect(await forbiddenWebhookTarget("http://api.localhost/hooks", false)).toBe(refused);
    expect(await forbiddenWebhookTarget("http://169.254.169.254/latest/meta-data", false)).toBe(refused);
    expect(await forbiddenWebhookTarget("http://127.0.0.1:8080/hooks", true)).toBeNull();
    expect(await forbiddenWebhookTarget("https://10.1.2.3/hooks", false)).toBeNull();
  });
});
