import { identityEntities } from "../../identity/index.ts";
import { type MikroORM, OutboxEvent, openOrm } from "../../platform/index.ts";
import { registryEntities, registryMigrations } from "../../registry/index.ts";

/** Every entity of every folder: the one place that composes the schema. */
export const allEntities = [OutboxEvent, ...registryEntities, ...identityEntities];

/** Opens the ORM with every entity and every committed migration. */
export function openAppOrm(clientUrl: string, poolMax?: number): Promise<MikroORM> {
  return openOrm({ clientUrl, entities: allEntities, migrations: registryMigrations, poolMax });
}
