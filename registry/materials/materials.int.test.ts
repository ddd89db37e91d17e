import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalStorage } from "../../platform/index.ts";
import { submitCase } from "../cases/submit-case.ts";
import { type Actor, SYSTEM } from "../context.ts";
import { grantMember } from "../enterprises/members.ts";
import {
  makeDepartment,
  makeEnterprise,
  makePerson,
  makeServiceItem,
  personActor,
  unique,
} from "../testing/factories.ts";
import { closeTestOrm, testCtx } from "../testing/test-env.ts";
import { deleteMaterial, listMaterials } from "./manage-materials.ts";
import { Material } from "./material.entity.ts";
import { MAX_MATERIAL_BYTES } from "./material.schema.ts";
import { storeMaterial } from "./store-material.ts";

const NOW = new Date("2026-03-02T02:00:00Z");

let root = "";
let storage: LocalStorage;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tongban-materials-"));
  storage = new LocalStorage({
    root,
    secret: "materials-test-secret-0123456789",
    baseUrl: "http://localhost",
  });
  await storage.ensureReady();
});

afterAll(async () => {
  await closeTestOrm();
  if (root) await rm(root, { recursive: true, force: true });
});

async function ctxAs(actor: Actor, now = NOW) {
  return { ...(await testCtx(actor, now)), storage };
}

function pdf(text = `material ${unique()}`): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Title (${text}) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    "latin1",
  );
}

function sha256(b: Buffer): string {
  return createHash("sha256").update(b).digest("hex");
}

/** Every object file under the storage root (sidecars and scratch files included). */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function countOwned(personId: string): Promise<number> {
  return (await testCtx()).em.count(Material, { ownerPerson: personId });
}

describe("storeMaterial", () => {
  it("stores a PDF with its real type and checksum", async () => {
    const p = await makePerson();
    const body = pdf();
    const v = await storeMaterial(
      await ctxAs(personActor(p.id)),
      {
        owner: { type: "person", personId: p.id },
        title: "身份证明",
        filename: "id.pdf",
        requirementCode: "id_proof",
        validUntil: "2030-12-31",
      },
      body,
    );
    expect(v).toMatchObject({
      version: 1,
      ownerType: "person",
      ownerId: p.id,
      requirementCode: "id_proof",
      title: "身份证明",
      sha256: sha256(body),
      size: body.length,
      mimeType: "application/pdf",
      validUntil: "2030-12-31",
      trustLevel: "C",
      current: true,
    });
    expect(v.lineageId).toMatch(/^[0-9a-f-]{36}$/);
    const row = await (await testCtx()).em.findOneOrFail(Material, { id: v.id });
    expect(row.objectKey).toMatch(/^materials\/2026\/03\/[0-9a-f-]{36}\.pdf$/);
    expect(row.uploadedBy?.id).toBe(p.id);
    const stat = await storage.stat(row.objectKey);
    expect(stat).toMatchObject({ size: body.length, sha256: sha256(body), contentType: "application/pdf" });
    expect(await readFile(join(root, ...row.objectKey.split("/")))).toEqual(body);
  });

  it("recognises the type by content, not by the name", async () => {
    const p = await makePerson();
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(32, 1),
    ]);
    const v = await storeMaterial(
      await ctxAs(personActor(p.id)),
      { owner: { type: "person", personId: p.id }, title: "照片", filename: "photo.pdf" },
      png,
    );
    expect(v.mimeType).toBe("image/png");
  });

  it("refuses text posing as a PDF and leaves neither a row nor a file", async () => {
    const p = await makePerson();
    const files = await storedFiles();
    await expect(
      storeMaterial(
        await ctxAs(personActor(p.id)),
        { owner: { type: "person", personId: p.id }, title: "申请书", filename: "申请书.pdf" },
        Buffer.from("this is not a pdf at all\n"),
      ),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", details: [{ path: "file" }] });
    expect(await countOwned(p.id)).toBe(0);
    expect(await storedFiles()).toEqual(files);
  });

  it("refuses a file over 20 MB", async () => {
    const p = await makePerson();
    const body = Buffer.alloc(MAX_MATERIAL_BYTES + 1, 0x20);
    body.write("%PDF-1.4\n", 0, "latin1");
    await expect(
      storeMaterial(
        await ctxAs(personActor(p.id)),
        { owner: { type: "person", personId: p.id }, title: "大文件", filename: "big.pdf" },
        body,
      ),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(await countOwned(p.id)).toBe(0);
    // Exactly 20 MB is still accepted.
    const max = body.subarray(0, MAX_MATERIAL_BYTES);
    const ok = await storeMaterial(
      await ctxAs(personActor(p.id)),
      { owner: { type: "person", personId: p.id }, title: "大文件", filename: "big.pdf" },
      max,
    );
    expect(ok).toMatchObject({ size: MAX_MATERIAL_BYTES, sha256: sha256(max) });
  });

  it("refuses an empty file", async () => {
    const p = await makePerson();
    await expect(
      storeMaterial(
        await ctxAs(personActor(p.id)),
        { owner: { type: "person", personId: p.id }, title: "空文件", filename: "empty.pdf" },
        Buffer.alloc(0),
      ),
    ).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "file" }] });
    expect(await countOwned(p.id)).toBe(0);
  });

  it("does not let an owner claim trust level A or B; the platform may", async () => {
    const p = await makePerson();
    for (const trustLevel of ["A", "B"] as const) {
      await expect(
        storeMaterial(
          await ctxAs(personActor(p.id)),
          { owner: { type: "person", personId: p.id }, title: "营业执照", filename: "l.pdf", trustLevel },
          pdf(),
        ),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await countOwned(p.id)).toBe(0);
    const v = await storeMaterial(
      await ctxAs(SYSTEM),
      { owner: { type: "person", personId: p.id }, title: "营业执照", filename: "l.pdf", trustLevel: "A" },
      pdf(),
    );
    expect(v.trustLevel).toBe("A");
  });

  it("does not let a person store into someone else's library", async () => {
    const owner = await makePerson();
    const other = await makePerson();
    const ent = await makeEnterprise({ legalRepPersonId: owner.id });
    for (const actor of [
      personActor(other.id),
      // Acting for an enterprise is not acting as oneself.
      personActor(owner.id, { actingFor: { enterpriseId: ent.id, role: "legal_rep" } }),
    ]) {
      await expect(
        storeMaterial(
          await ctxAs(actor),
          { owner: { type: "person", personId: owner.id }, title: "申请书", filename: "a.pdf" },
          pdf(),
        ),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(
      storeMaterial(
        await ctxAs(personActor(other.id, { actingFor: { enterpriseId: ent.id, role: "admin" } })),
        { owner: { type: "enterprise", enterpriseId: ent.id }, title: "申请书", filename: "a.pdf" },
        pdf(),
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await countOwned(owner.id)).toBe(0);
    expect(await (await testCtx()).em.count(Material, { ownerEnterprise: ent.id })).toBe(0);
    await expect(
      listMaterials(await ctxAs(personActor(other.id)), { type: "person", personId: owner.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("stores into an enterprise library for its legal representative and agents", async () => {
    const rep = await makePerson();
    const ent = await makeEnterprise({ legalRepPersonId: rep.id });
    const repActor = personActor(rep.id, { actingFor: { enterpriseId: ent.id, role: "legal_rep" } });
    const agent = await makePerson();
    await grantMember(await ctxAs(repActor), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent",
      scope: "all",
      validFrom: "2026-01-01",
    });
    const owner = { type: "enterprise" as const, enterpriseId: ent.id };
    const a = await storeMaterial(await ctxAs(repActor), { owner, title: "章程", filename: "a.pdf" }, pdf());
    const b = await storeMaterial(
      await ctxAs(personActor(agent.id, { actingFor: { enterpriseId: ent.id, role: "agent" } })),
      { owner, title: "租赁合同", filename: "b.pdf" },
      pdf(),
    );
    expect([a.ownerType, a.ownerId, b.ownerId]).toEqual(["enterprise", ent.id, ent.id]);
    expect((await listMaterials(await ctxAs(repActor), owner)).map((m) => m.id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
  });
});

describe("material versions", () => {
  it("supersedes a material with a new version of the same lineage", async () => {
    const p = await makePerson();
    const actor = personActor(p.id);
    const owner = { type: "person" as const, personId: p.id };
    const v1 = await storeMaterial(
      await ctxAs(actor),
      { owner, title: "户口本", filename: "a.pdf" },
      pdf("v1"),
    );
    const other = await storeMaterial(
      await ctxAs(actor),
      { owner, title: "学历证明", filename: "b.pdf" },
      pdf(),
    );
    const v2 = await storeMaterial(
      await ctxAs(actor, new Date(NOW.getTime() + 60_000)),
      { owner, title: "户口本（更新）", filename: "a2.pdf", supersedesId: v1.id },
      pdf("v2"),
    );
    expect(v2).toMatchObject({ lineageId: v1.lineageId, version: 2, current: true });
    expect(v2.id).not.toBe(v1.id);

    const current = await listMaterials(await ctxAs(actor), owner);
    expect(current.map((m) => m.id).sort()).toEqual([v2.id, other.id].sort());
    const history = await listMaterials(await ctxAs(actor), owner, { history: true });
    expect(history.map((m) => m.id).sort()).toEqual([v1.id, v2.id, other.id].sort());
    expect(history.find((m) => m.id === v1.id)).toMatchObject({ version: 1, current: false });

    await expect(
      storeMaterial(
        await ctxAs(actor),
        { owner, title: "户口本", filename: "a3.pdf", supersedesId: v1.id },
        pdf(),
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await countOwned(p.id)).toBe(3);
  });

  it("does not supersede another owner's material", async () => {
    const p = await makePerson();
    const q = await makePerson();
    const theirs = await storeMaterial(
      await ctxAs(personActor(q.id)),
      { owner: { type: "person", personId: q.id }, title: "申请书", filename: "a.pdf" },
      pdf(),
    );
    const files = await storedFiles();
    await expect(
      storeMaterial(
        await ctxAs(personActor(p.id)),
        {
          owner: { type: "person", personId: p.id },
          title: "申请书",
          filename: "a.pdf",
          supersedesId: theirs.id,
        },
        pdf(),
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: [{ path: "supersedesId" }] });
    expect(await countOwned(p.id)).toBe(0);
    // The object put before the transaction failed is removed again.
    expect((await storedFiles()).filter((f) => !files.includes(f))).toEqual([]);
  });
});

describe("deleteMaterial", () => {
  it("is refused while a submitted case uses the material, and allowed once the case is concluded", async () => {
    const dept = await makeDepartment();
    const item = await makeServiceItem(dept.code, { subjectTypes: ["person"] });
    const p = await makePerson();
    const actor = personActor(p.id);
    const owner = { type: "person" as const, personId: p.id };
    const v1 = await storeMaterial(await ctxAs(actor), { owner, title: "申请书", filename: "a.pdf" }, pdf());
    const c = await submitCase(await ctxAs(actor), {
      itemCode: item.code,
      applicant: { type: "person" },
      formData: { applicantName: "申请人", contactPhone: "13912345678" },
      materials: [{ requirementCode: "application_form", materialId: v1.id }],
    });
    // A newer version of the same document is still the document the case relies on.
    const v2 = await storeMaterial(
      await ctxAs(actor),
      { owner, title: "申请书", filename: "a2.pdf", supersedesId: v1.id },
      pdf(),
    );
    await expect(deleteMaterial(await ctxAs(actor), v2.id)).rejects.toMatchObject({ code: "INVALID_STATE" });
    expect(await listMaterials(await ctxAs(actor), owner)).toHaveLength(1);

    await (await testCtx()).em
      .getConnection()
      .execute("update case_file set status = 'concluded' where id = ?", [c.id]);
    await deleteMaterial(await ctxAs(actor), v2.id);
    expect(await listMaterials(await ctxAs(actor), owner)).toEqual([]);
    expect(await listMaterials(await ctxAs(actor), owner, { history: true })).toEqual([]);
    const rows = await (await testCtx()).em.find(Material, { lineageId: v1.lineageId });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.deletedAt?.toISOString() === NOW.toISOString())).toBe(true);
    // The concluded case keeps its file.
    expect(await storage.stat(rows.find((r) => r.id === v1.id)!.objectKey)).not.toBeNull();
    await expect(deleteMaterial(await ctxAs(actor), v2.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is only for the owner", async () => {
    const p = await makePerson();
    const other = await makePerson();
    const m = await storeMaterial(
      await ctxAs(personActor(p.id)),
      { owner: { type: "person", personId: p.id }, title: "申请书", filename: "a.pdf" },
      pdf(),
    );
    await expect(deleteMaterial(await ctxAs(personActor(other.id)), m.id)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(
      await listMaterials(await ctxAs(personActor(p.id)), { type: "person", personId: p.id }),
    ).toHaveLength(1);
  });
});
