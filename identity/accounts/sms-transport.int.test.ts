import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPhone, makePerson } from "../../registry/testing/factories.ts";
import { testPii } from "../../registry/testing/test-env.ts";
import { createSmsTransport, sendSignInCode, signInWithCode } from "./index.ts";
import {
  accountsOrm,
  closeAccountsEnv,
  freshIp,
  messagesTo,
  rejection,
  testDeps,
} from "./testing/account-test-env.ts";

/** A stand-in SMS gateway on 127.0.0.1 that records what it receives and answers `status`. */
const received: { auth: string | undefined; type: string | undefined; json: { to: string; body: string } }[] =
  [];
let status = 200;
let server: Server;
let url: string;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.on("data", (c) => {
      data += c;
    });
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    received.push({
      auth: req.headers.authorization,
      type: req.headers["content-type"],
      json: JSON.parse(body),
    });
    res.writeHead(status, { "content-type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await closeAccountsEnv();
});

describe("http SMS transport", () => {
  it("posts JSON with the Bearer token and records the message with the code masked", async () => {
    status = 200;
    const orm = await accountsOrm();
    const sms = createSmsTransport({ orm, pii: testPii(), gatewayUrl: url, gatewayToken: "gw-token" });
    expect(sms.kind).toBe("http");
    const p = await makePerson();
    const deps = await testDeps({ sms });
    await sendSignInCode(deps, { phone: p.phone!, ip: freshIp() });

    const last = received.at(-1)!;
    expect(last.auth).toBe("Bearer gw-token");
    expect(last.type).toBe("application/json");
    expect(last.json.to).toBe(p.phone);
    const code = last.json.body.match(/验证码为 (\d{6})/)![1]!;
    const [stored] = await messagesTo(p.phone!);
    expect(stored).toMatchObject({ transport: "http", body: last.json.body.replace(code, "******") });
    expect(stored!.body).not.toContain(code);
    // The code that reached the gateway signs in.
    expect((await signInWithCode(deps, { phone: p.phone!, code, ip: freshIp() })).personId).toBe(p.id);
  });

  it("turns a gateway error into an Error, and into UNAVAILABLE for the person", async () => {
    status = 500;
    const orm = await accountsOrm();
    const sms = createSmsTransport({ orm, pii: testPii(), gatewayUrl: url, gatewayToken: "gw-token" });
    const phone = freshPhone();
    await expect(sms.send(phone, "测试")).rejects.toThrow("SMS gateway answered HTTP 500");
    expect(await messagesTo(phone)).toEqual([]);

    const p = await makePerson();
    const deps = await testDeps({ sms });
    expect(await rejection(sendSignInCode(deps, { phone: p.phone!, ip: freshIp() }))).toMatchObject({
      code: "UNAVAILABLE",
    });
    expect(await deps.redis.keys(`${deps.keyPrefix}:sms-code:*`)).toEqual([]);
    // Nothing reached the person, so the resend limit was given back.
    status = 200;
    await sendSignInCode(deps, { phone: p.phone!, ip: freshIp() });
  });

  it("refuses a gateway URL without a token", async () => {
    const orm = await accountsOrm();
    expect(() => createSmsTransport({ orm, pii: testPii(), gatewayUrl: url })).toThrow(/token/);
  });
});
