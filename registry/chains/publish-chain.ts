import { isDeepStrictEqual } from "node:util";
import { DomainError, parseInput, sqlRows, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { TServiceItem } from "../catalog/catalog.schema.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { Chain, ChainVersion } from "./chain.entity.ts";
import { type TChainDefinition, type TChainInput, ZChainInput } from "./chain.schema.ts";
import { compileChain, type ItemForChain } from "./compile-chain.ts";

/**
 * Publishes a business chain (administrators): compiles it against the current versions of its items and
 * stores the result as the chain's first version, or a new version when anything changed (the input or an
 * item's version). Publishing an unchanged chain again changes nothing, so seeding is idempotent. Running
 * instances keep the version they started with.
 */
export async function publishChain(
  ctx: Ctx,
  input: TChainInput,
): Promise<{ code: string; version: number; changed: boolean }> {
  if (!isAdmin(ctx.actor)) throw new DomainError("FORBIDDEN", "只有管理员可以发布业务链");
  const data = parseInput(ZChainInput, input);
  return transact(ctx.em, async (em) => {
    const codes = [...new Set(data.stages.flatMap((s) => s.items))];
    const rows = await sqlRows<{
      code: string;
      status: string;
      version_id: string;
      version: number;
      definition: TServiceItem;
      department_id: string;
      department_code: string;
      department_name: string;
    }>(
      em,
      `select i.code, i.status, v.id as version_id, v.version, v.definition, d.id as department_id,
              d.code as department_code, d.name as department_name
       from service_item i
       join service_item_version v on v.item_id = i.id and v.version = i.current_version
       join department d on d.id = i.department_id
       where i.code = any(?)`,
      [codes],
    );
    const items = new Map<string, ItemForChain>(
      rows.map((r) => [
        r.code,
        {
          versionId: r.version_id,
          version: r.version,
          status: r.status,
          departmentId: r.department_id,
          departmentCode: r.department_code,
          departmentName: r.department_name,
          definition: r.definition,
        },
      ]),
    );
    const def: TChainDefinition = compileChain(data, items);
    let chain = await em.findOne(Chain, { code: def.code }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
    if (chain) {
      const current = await em.findOneOrFail(ChainVersion, { chain, version: chain.currentVersion });
      if (isDeepStrictEqual(current.definition, JSON.parse(JSON.stringify(def))))
        return { code: def.code, version: chain.currentVersion, changed: false };
      em.assign(chain, { name: def.name, currentVersion: chain.currentVersion + 1 });
    } else {
      chain = em.create(Chain, {
        id: crypto.randomUUID(),
        code: def.code,
        name: def.name,
        currentVersion: 1,
      });
    }
    em.create(ChainVersion, {
      id: crypto.randomUUID(),
      chain,
      version: chain.currentVersion,
      definition: def,
      publishedAt: ctx.now,
    });
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "catalog.chain.publish",
      { type: "chain", id: chain.id },
      {
        code: def.code,
        version: chain.currentVersion,
      },
    );
    await em.flush();
    return { code: def.code, version: chain.currentVersion, changed: true };
  });
}
