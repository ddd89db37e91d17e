import { randomBytes } from "node:crypto";
import { type Algorithm, hash } from "@node-rs/argon2";
import { DomainError, type MikroORM, parseInput, transact } from "../../platform/index.ts";
import { type Actor, recordAudit, SYSTEM } from "../../registry/index.ts";
import { ApiClient } from "../identity.entity.ts";
import { type TCreateApiClientInput, ZCreateApiClientInput } from "./api-client.schema.ts";

// `Algorithm` is an ambient const enum, which isolatedModules may not read; 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** 8 base32 characters from 40 random bits. */
function randomSuffix(): string {
  let bits = 0n;
  for (const b of randomBytes(5)) bits = (bits << 8n) | BigInt(b);
  let s = "";
  for (let i = 0; i < 8; i++) s = BASE32[Number((bits >> BigInt(i * 5)) & 31n)] + s;
  return s;
}

/** Hashes a client secret with argon2id (library defaults: 19 MiB, 2 passes). */
export function hashClientSecret(secret: string): Promise<string> {
  return hash(secret, { algorithm: ARGON2ID });
}

/**
 * Registers a department system for the client-credentials grant. Returns the secret once: only its
 * argon2id hash is stored, so it cannot be shown again.
 */
export async function createApiClient(
  orm: MikroORM,
  input: TCreateApiClientInput,
  now: Date = new Date(),
  actor: Actor = SYSTEM,
): Promise<{ clientId: string; clientSecret: string }> {
  const data = parseInput(ZCreateApiClientInput, input);
  const clientId = `dept-${data.departmentCode.toLowerCase()}-${randomSuffix()}`;
  const clientSecret = randomBytes(32).toString("base64url");
  const secretHash = await hashClientSecret(clientSecret);

  await transact(orm.em.fork(), async (em) => {
    // identity may not read registry entities; the department table is read directly.
    const rows = await em
      .getConnection()
      .execute(
        "select 1 from department where code = ?",
        [data.departmentCode],
        "all",
        em.getTransactionContext(),
      );
    if (rows.length === 0) {
      throw new DomainError("NOT_FOUND", `部门 ${data.departmentCode} 不存在`, [
        { path: "departmentCode", message: "不存在" },
      ]);
    }
    em.create(ApiClient, { clientId, ...data, secretHash, createdAt: now, revokedAt: null });
    recordAudit(
      em,
      actor,
      now,
      "identity.client.create",
      { type: "api_client", id: clientId },
      {
        name: data.name,
        departmentCode: data.departmentCode,
        scopes: data.scopes,
      },
    );
  });
  return { clientId, clientSecret };
}
