import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MikroORM, OutboxEvent, openOrm } from "../../platform/index.ts";
import { registryEntities, registryMigrations } from "../../registry/index.ts";
import { makeDepartment } from "../../registry/testing/factories.ts";
import { closeTestOrm } from "../../registry/testing/test-env.ts";
import { identityEntities } from "../identity.entity.ts";
import {
  createApiClient,
  findActiveApiClient,
  listApiClients,
  revokeApiClient,
  verifyClientSecret,
} from "./index.ts";

let orm: MikroORM;
beforeAll(async () => {
  orm = await openOrm({
    clientUrl: process.env.DATABASE_URL!,
    entities: [OutboxEvent, ...registryEntities, ...identityEntities],
    migrations: registryMigrations,
    poolMax: 4,
  });
});
afterAll(async () => {
  await orm?.close();
  await closeTestOrm();
});

async function count(sql: string, params: unknown[]): Promise<number> {
  const rows: { n: string }[] = await orm.em.getConnection().execute(`select count(*) as n ${sql}`, params);
  return Number(rows[0].n);
}

async function rejection(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, "expected the call to fail").not.toBeNull();
  return e as { code: string; message: string };
}

describe("department API clients", () => {
  it("creates a client whose secret verifies and is stored only as an argon2id hash", async () => {
    const dept = await makeDepartment();
    const { clientId, clientSecret } = await createApiClient(orm, {
      departmentCode: dept.code,
      name: " 市场监管业务系统 ",
      scopes: ["cases:write", "cases:read", "cases:read"],
    });
    expect(clientId).toMatch(new RegExp(`^dept-${dept.code.toLowerCase()}-[a-z2-7]{8}$`));
    expect(Buffer.from(clientSecret, "base64url")).toHaveLength(32);

    const active = await findActiveApiClient(orm, clientId);
    expect(active).toMatchObject({
      clientId,
      departmentCode: dept.code,
      scopes: ["cases:read", "cases:write"],
    });
    expect(active!.secretHash).toMatch(/^\$argon2id\$/);
    expect(active!.secretHash).not.toContain(clientSecret);
    expect(await count("from api_client where secret_hash like ?", [`%${clientSecret}%`])).toBe(0);

    expect(await verifyClientSecret(active!.secretHash, clientSecret)).toBe(true);
    expect(await verifyClientSecret(active!.secretHash, clientSecret)).toBe(true); // from the cache
    expect(await verifyClientSecret(active!.secretHash, `${clientSecret}x`)).toBe(false);
    expect(await verifyClientSecret("not-a-hash", clientSecret)).toBe(false);

    expect(
      await count("from audit_log where action = ? and subject_id = ?", ["identity.client.create", clientId]),
    ).toBe(1);
    const listed = (await listApiClients(orm)).find((c) => c.clientId === clientId);
    expect(listed).toEqual({
      clientId,
      name: "市场监管业务系统",
      departmentCode: dept.code,
      scopes: ["cases:read", "cases:write"],
      createdAt: expect.any(Date),
      revokedAt: null,
    });
    expect(listed).not.toHaveProperty("secretHash");
  });

  it.each([
    ["a lowercase department code", { departmentCode: "ygsj" }],
    ["a one-letter name", { name: "市" }],
    ["no scopes", { scopes: [] }],
    ["an unknown scope", { scopes: ["cases:read", "admin"] }],
  ])("refuses %s as VALIDATION and writes nothing", async (_name, override) => {
    const dept = await makeDepartment();
    const input = { departmentCode: dept.code, name: "测试业务系统", scopes: ["cases:read"], ...override };
    expect((await rejection(createApiClient(orm, input))).code).toBe("VALIDATION");
    expect(await count("from api_client where department_code = ?", [dept.code])).toBe(0);
    expect(await count("from api_client where department_code = ?", [input.departmentCode])).toBe(0);
  });

  it("refuses an unknown department as NOT_FOUND and writes nothing", async () => {
    const code = "ZZNOSUCH";
    const e = await rejection(
      createApiClient(orm, { departmentCode: code, name: "测试业务系统", scopes: ["cases:read"] }),
    );
    expect(e.code).toBe("NOT_FOUND");
    expect(await count("from api_client where department_code = ?", [code])).toBe(0);
  });

  it("revokes a client once; it is then inactive but still listed", async () => {
    const dept = await makeDepartment();
    const { clientId } = await createApiClient(orm, {
      departmentCode: dept.code,
      name: "测试业务系统",
      scopes: ["results:read"],
    });
    const at = new Date("2026-11-23T08:00:00Z");
    await revokeApiClient(orm, clientId, at);
    expect(await findActiveApiClient(orm, clientId)).toBeNull();
    expect((await listApiClients(orm)).find((c) => c.clientId === clientId)?.revokedAt).toEqual(at);
    expect(
      await count("from audit_log where action = ? and subject_id = ?", ["identity.client.revoke", clientId]),
    ).toBe(1);

    expect((await rejection(revokeApiClient(orm, clientId))).code).toBe("INVALID_STATE");
    expect((await rejection(revokeApiClient(orm, "dept-none-aaaaaaaa"))).code).toBe("NOT_FOUND");
    expect(await findActiveApiClient(orm, "dept-none-aaaaaaaa")).toBeNull();
  });
});
