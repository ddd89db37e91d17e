import type { MikroORM } from "../../platform/index.ts";
import { findActiveApiClient } from "../clients/index.ts";

type Payload = Record<string, unknown> & {
  grantId?: string;
  userCode?: string;
  uid?: string;
  consumed?: number;
};

// Models whose rows belong to a grant, so that revoking the grant removes them all.
const GRANTABLE = new Set([
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
  "ClientCredentials",
]);

/**
 * The oidc-provider storage adapter on PostgreSQL (table oidc_payload). Expired rows are ignored on read
 * and removed by {@link purgeExpiredOidcPayloads}.
 */
export function createPgAdapter(orm: MikroORM) {
  const conn = () => orm.em.getConnection();
  return class PgAdapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const expiresAt = typeof expiresIn === "number" ? new Date(Date.now() + expiresIn * 1000) : null;
      await conn().execute(
        `insert into oidc_payload (model, id, payload, grant_id, user_code, uid, expires_at)
         values (?, ?, ?, ?, ?, ?, ?)
         on conflict (model, id) do update set payload = excluded.payload, grant_id = excluded.grant_id,
           user_code = excluded.user_code, uid = excluded.uid, expires_at = excluded.expires_at`,
        [
          this.model,
          id,
          JSON.stringify(payload),
          GRANTABLE.has(this.model) ? (payload.grantId ?? null) : null,
          payload.userCode ?? null,
          payload.uid ?? null,
          expiresAt,
        ],
      );
    }

    private async findBy(column: "id" | "user_code" | "uid", value: string): Promise<Payload | undefined> {
      const rows: { payload: Payload; consumed_at: Date | null }[] = await conn().execute(
        `select payload, consumed_at from oidc_payload
         where model = ? and ${column} = ? and (expires_at is null or expires_at > now()) limit 1`,
        [this.model, value],
      );
      const row = rows[0];
      if (!row) return undefined;
      return row.consumed_at
        ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) }
        : row.payload;
    }

    async find(id: string) {
      // Department systems' clients live in api_client, managed with `npm run identity:client`.
      if (this.model === "Client") return departmentClientMetadata(orm, id);
      return this.findBy("id", id);
    }

    findByUserCode(userCode: string) {
      return this.findBy("user_code", userCode);
    }

    findByUid(uid: string) {
      return this.findBy("uid", uid);
    }

    async consume(id: string): Promise<void> {
      await conn().execute("update oidc_payload set consumed_at = now() where model = ? and id = ?", [
        this.model,
        id,
      ]);
    }

    async destroy(id: string): Promise<void> {
      await conn().execute("delete from oidc_payload where model = ? and id = ?", [this.model, id]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await conn().execute("delete from oidc_payload where grant_id = ?", [grantId]);
    }
  };
}

/** Deletes expired provider rows; run periodically by the worker. Returns how many were removed. */
export async function purgeExpiredOidcPayloads(orm: MikroORM): Promise<number> {
  const r = await orm.em
    .getConnection()
    .execute("delete from oidc_payload where expires_at < now() - interval '1 hour'", [], "run");
  return (r as { affectedRows?: number }).affectedRows ?? 0;
}

async function departmentClientMetadata(orm: MikroORM, clientId: string): Promise<Payload | undefined> {
  const row = await findActiveApiClient(orm, clientId);
  if (!row) return undefined;
  return {
    client_id: row.clientId,
    // An argon2 hash; compareClientSecret is replaced to verify against it (create-provider.ts).
    client_secret: row.secretHash,
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: "client_secret_basic",
    scope: row.scopes.join(" "),
    department: row.departmentCode,
  };
}
