import { DomainError, parseInput, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { assertActsFor, type Subject } from "../enterprises/assert-may-act.ts";
import { Enterprise } from "../enterprises/enterprise.entity.ts";
import { Person } from "../persons/person.entity.ts";
import { type IMaterial, Material } from "./material.entity.ts";
import {
  MAX_MATERIAL_BYTES,
  type MaterialView,
  type TStoreMaterialInput,
  ZStoreMaterialInput,
} from "./material.schema.ts";
import { sniffMaterialType } from "./sniff.ts";

export function toMaterialView(m: IMaterial): MaterialView {
  return {
    id: m.id,
    lineageId: m.lineageId,
    version: m.version,
    ownerType: m.ownerType,
    ownerId: (m.ownerEnterprise ?? m.ownerPerson)!.id,
    requirementCode: m.requirementCode ?? null,
    title: m.title,
    sha256: m.sha256,
    size: m.size,
    mimeType: m.mimeType,
    validUntil: m.validUntil ?? null,
    trustLevel: m.trustLevel,
    createdAt: m.createdAt.toISOString(),
    current: !m.supersededAt && !m.deletedAt,
  };
}

/** Only the owner (or who acts for the owning enterprise) and administrators may change a library. */
export function assertMayManageLibrary(ctx: Ctx, owner: Subject): Promise<void> {
  return assertActsFor(ctx, owner, "无权管理他人的材料库");
}

/**
 * Stores an uploaded file in the owner's library: its real type is sniffed (pdf, jpg, png, ofd), its
 * size limited to 20 MB and its sha256 recorded. With `supersedesId` it becomes the next version.
 * Trust levels A and B are set only by the platform (issued or clerk-checked), never by the owner.
 */
export async function storeMaterial(
  ctx: Ctx,
  input: TStoreMaterialInput,
  body: Buffer,
): Promise<MaterialView> {
  const data = parseInput(ZStoreMaterialInput, input);
  if (!ctx.storage) throw new Error("storeMaterial needs ctx.storage");
  await assertMayManageLibrary(ctx, data.owner);
  if (!isAdmin(ctx.actor) && (data.trustLevel === "A" || data.trustLevel === "B")) {
    throw new DomainError("FORBIDDEN", "可信等级 A、B 只能由签发机关或窗口核验设定");
  }
  if (body.length === 0)
    throw new DomainError("VALIDATION", "文件为空", [{ path: "file", message: "文件为空" }]);
  if (body.length > MAX_MATERIAL_BYTES) throw new DomainError("PAYLOAD_TOO_LARGE", "文件不能超过 20 MB");
  const type = sniffMaterialType(body.subarray(0, 16), data.filename);
  if (!type)
    throw new DomainError("UNSUPPORTED_MEDIA_TYPE", "只接受 PDF、JPG、PNG、OFD 文件", [
      { path: "file", message: "类型不支持" },
    ]);
  const ownerId = data.owner.type === "person" ? data.owner.personId : data.owner.enterpriseId;
  const d = ctx.now.toISOString();
  const key = `materials/${d.slice(0, 4)}/${d.slice(5, 7)}/${crypto.randomUUID()}.${type.ext}`;
  const put = await ctx.storage.put(key, body, { contentType: type.mime, maxBytes: MAX_MATERIAL_BYTES });
  try {
    return await transact(ctx.em, async (em) => {
      const ownerPerson = data.owner.type === "person" ? await em.findOne(Person, { id: ownerId }) : null;
      const ownerEnterprise =
        data.owner.type === "enterprise" ? await em.findOne(Enterprise, { id: ownerId }) : null;
      if (!ownerPerson && !ownerEnterprise) throw new DomainError("NOT_FOUND", "材料所有人不存在");
      let lineageId: string = crypto.randomUUID();
      let version = 1;
      if (data.supersedesId) {
        const prev = await em.findOne(Material, { id: data.supersedesId, deletedAt: null }, { lockMode: 4 });
        const sameOwner = prev && (prev.ownerPerson?.id ?? prev.ownerEnterprise?.id) === ownerId;
        if (!prev || !sameOwner)
          throw new DomainError("NOT_FOUND", "要更新的材料不存在", [
            { path: "supersedesId", message: "不存在" },
          ]);
        if (prev.supersededAt) throw new DomainError("CONFLICT", "该材料已有更新的版本");
        prev.supersededAt = ctx.now;
        lineageId = prev.lineageId;
        version = prev.version + 1;
      }
      const m = em.create(Material, {
        id: crypto.randomUUID(),
        lineageId,
        version,
        ownerType: data.owner.type,
        ownerPerson,
        ownerEnterprise,
        requirementCode: data.requirementCode,
        title: data.title,
        objectKey: put.key,
        sha256: put.sha256,
        size: put.size,
        mimeType: type.mime,
        validUntil: data.validUntil,
        trustLevel: data.trustLevel,
        uploadedBy: ctx.actor.type === "person" ? em.getReference(Person, ctx.actor.personId) : null,
        supersededAt: null,
        deletedAt: null,
      });
      recordAudit(
        em,
        ctx.actor,
        ctx.now,
        "material.store",
        { type: "material", id: m.id },
        { version, sha256: put.sha256 },
      );
      await em.flush();
      return toMaterialView(m);
    });
  } catch (e) {
    // The row was not written, so the object must not stay behind either.
    await ctx.storage.delete(put.key).catch(() => {});
    throw e;
  }
}
