import type { MikroORM } from "../../platform/index.ts";
import { ApiClient, type IApiClient } from "../identity.entity.ts";
import type { ActiveApiClient, ApiClientView } from "./api-client.schema.ts";

function toView(c: IApiClient): ApiClientView {
  return {
    clientId: c.clientId,
    name: c.name,
    departmentCode: c.departmentCode,
    scopes: [...c.scopes],
    createdAt: c.createdAt,
    revokedAt: c.revokedAt ?? null,
  };
}

/** Every department client, revoked ones included, by department then age. */
export async function listApiClients(orm: MikroORM): Promise<ApiClientView[]> {
  const rows = await orm.em
    .fork()
    .find(ApiClient, {}, { orderBy: { departmentCode: "asc", createdAt: "asc", clientId: "asc" } });
  return rows.map(toView);
}

/** The client the token endpoint may authenticate, or null when unknown or revoked. */
export async function findActiveApiClient(orm: MikroORM, clientId: string): Promise<ActiveApiClient | null> {
  const c = await orm.em.fork().findOne(ApiClient, { clientId, revokedAt: null });
  if (!c) return null;
  return {
    clientId: c.clientId,
    departmentCode: c.departmentCode,
    scopes: [...c.scopes],
    secretHash: c.secretHash,
  };
}
