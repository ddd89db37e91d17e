import { LockMode } from "@mikro-orm/core";
import { DomainError, type MikroORM, transact } from "../../platform/index.ts";
import { type Actor, recordAudit, SYSTEM } from "../../registry/index.ts";
import { ApiClient } from "../identity.entity.ts";

/**
 * Stops a department client from obtaining new tokens. Access tokens it already holds stay valid until
 * they expire (5 minutes): they are self-contained JWTs.
 */
export async function revokeApiClient(
  orm: MikroORM,
  clientId: string,
  now: Date = new Date(),
  actor: Actor = SYSTEM,
): Promise<void> {
  await transact(orm.em.fork(), async (em) => {
    const c = await em.findOne(ApiClient, { clientId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!c) throw new DomainError("NOT_FOUND", `接入客户端 ${clientId} 不存在`);
    if (c.revokedAt) throw new DomainError("INVALID_STATE", `接入客户端 ${clientId} 已被吊销`);
    c.revokedAt = now;
    recordAudit(
      em,
      actor,
      now,
      "identity.client.revoke",
      { type: "api_client", id: clientId },
      {
        departmentCode: c.departmentCode,
      },
    );
  });
}
