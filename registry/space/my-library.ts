import { DomainError, sqlRows } from "../../platform/index.ts";
import { applicantScope } from "../cases/applicant-scope.ts";
import type { Ctx } from "../context.ts";
import { deleteMaterial, listMaterials } from "../materials/manage-materials.ts";
import type { MaterialView } from "../materials/material.schema.ts";
import { storeMaterial } from "../materials/store-material.ts";
import { SPACE_LINK_TTL_SECONDS, subjectOfScope } from "./space-subject.ts";

/** A material of the library: its current version and every earlier one, newest first. */
export type LibraryMaterial = MaterialView & { history: MaterialView[] };

/** The library of whoever the actor acts as, grouped by document (lineage). */
export async function listMyLibrary(ctx: Ctx): Promise<LibraryMaterial[]> {
  const owner = subjectOfScope(await applicantScope(ctx));
  const all = await listMaterials(ctx, owner, { history: true });
  const byLineage = new Map<string, MaterialView[]>();
  for (const m of all) byLineage.set(m.lineageId, [...(byLineage.get(m.lineageId) ?? []), m]);
  const out: LibraryMaterial[] = [];
  for (const versions of byLineage.values()) {
    versions.sort((a, b) => b.version - a.version);
    const [current, ...history] = versions;
    if (current) out.push({ ...current, history });
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** What the upload form of the library sends (the file body goes alongside). */
export interface UploadMyMaterialInput {
  title: unknown;
  filename: unknown;
  validUntil?: unknown;
  /** The current version this upload replaces. */
  supersedesId?: unknown;
}

/**
 * Stores an upload in the actor's own library (trust level C: uploaded by the user). A new version must
 * replace a current material of the same library; storeMaterial checks type, size and ownership again.
 */
export async function uploadMyMaterial(
  ctx: Ctx,
  input: UploadMyMaterialInput,
  body: Buffer,
): Promise<MaterialView> {
  const owner = subjectOfScope(await applicantScope(ctx));
  const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : null);
  return storeMaterial(
    ctx,
    {
      owner,
      title: typeof input.title === "string" ? input.title : "",
      filename: typeof input.filename === "string" ? input.filename : "",
      validUntil: str(input.validUntil),
      supersedesId: str(input.supersedesId),
      trustLevel: "C",
    },
    body,
  );
}

/** The storage key of one of the actor's own materials; NOT_FOUND for anyone else's, so ids leak nothing. */
async function ownMaterial(ctx: Ctx, materialId: string): Promise<{ object_key: string; title: string }> {
  const scope = await applicantScope(ctx);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!uuid.test(materialId)) throw new DomainError("NOT_FOUND", "材料不存在");
  const col = scope.type === "person" ? "owner_person_id" : "owner_enterprise_id";
  const [row] = await sqlRows<{ object_key: string; title: string }>(
    ctx.em,
    `select object_key, title from material where id = ? and ${col} = ? and deleted_at is null`,
    [materialId, scope.type === "person" ? scope.personId : scope.enterpriseId],
  );
  if (!row) throw new DomainError("NOT_FOUND", "材料不存在");
  return row;
}

/** A short-lived download link of one of the actor's materials (any version). */
export async function myMaterialDownloadUrl(ctx: Ctx, materialId: string): Promise<string> {
  const m = await ownMaterial(ctx, materialId);
  if (!ctx.storage) throw new Error("myMaterialDownloadUrl needs ctx.storage");
  const ext = m.object_key.split(".").pop() ?? "";
  return ctx.storage.signedUrl(m.object_key, {
    ttlSeconds: SPACE_LINK_TTL_SECONDS,
    filename: `${m.title}.${ext}`,
  });
}

/** Deletes one of the actor's materials (all versions); refused while a case in progress uses it. */
export async function deleteMyMaterial(ctx: Ctx, materialId: string): Promise<void> {
  await ownMaterial(ctx, materialId);
  await deleteMaterial(ctx, materialId);
}
