import { DomainError, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { CaseMaterial } from "../cases/case-material.entity.ts";
import type { Ctx } from "../context.ts";
import type { Subject } from "../enterprises/assert-may-act.ts";
import { Material } from "./material.entity.ts";
import type { MaterialView } from "./material.schema.ts";
import { assertMayManageLibrary, toMaterialView } from "./store-material.ts";

/** Current materials of a library, or with `history` every version. */
export async function listMaterials(
  ctx: Ctx,
  owner: Subject,
  opts: { history?: boolean } = {},
): Promise<MaterialView[]> {
  await assertMayManageLibrary(ctx, owner);
  const where: Record<string, unknown> =
    owner.type === "person" ? { ownerPerson: owner.personId } : { ownerEnterprise: owner.enterpriseId };
  where.deletedAt = null;
  if (!opts.history) where.supersededAt = null;
  const rows = await ctx.em.find(Material, where, { orderBy: { createdAt: "desc", version: "desc" } });
  return rows.map(toMaterialView);
}

/** Statuses in which a case still relies on its materials. */
const IN_PROGRESS = [
  "submitted",
  "supplement_requested",
  "accepted",
  "in_review",
  "special_procedure",
  "decided",
];

/** Deletes a material from the library; refused while a case in progress uses it. The file is kept for cases already concluded. */
export async function deleteMaterial(ctx: Ctx, materialId: string): Promise<void> {
  const m = await ctx.em.findOne(Material, { id: materialId, deletedAt: null });
  if (!m) throw new DomainError("NOT_FOUND", "材料不存在");
  const owner: Subject = m.ownerEnterprise
    ? { type: "enterprise", enterpriseId: m.ownerEnterprise.id }
    : { type: "person", personId: m.ownerPerson!.id };
  await assertMayManageLibrary(ctx, owner);
  await transact(ctx.em, async (em) => {
    const used = await em.count(CaseMaterial, {
      material: { lineageId: m.lineageId },
      case: { status: { $in: IN_PROGRESS as never[] } },
    });
    if (used > 0) throw new DomainError("INVALID_STATE", "该材料正被办理中的办件使用，暂不能删除");
    await em.nativeUpdate(Material, { lineageId: m.lineageId, deletedAt: null }, { deletedAt: ctx.now });
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "material.delete",
      { type: "material", id: m.id },
      { lineageId: m.lineageId },
    );
  });
}
