import { Buffer } from "node:buffer";
import path from "node:path";
import { createPiiCipher, createStorage, type MikroORM, OutboxEvent, openOrm } from "../../platform/index.ts";
import {
  type Actor,
  type Ctx,
  findPersonsByPhone,
  getItemGuide,
  registryEntities,
  registryMigrations,
  SYSTEM,
  storeMaterial,
  submitCase,
} from "../../registry/index.ts";
import { e2eRun } from "./browser.ts";
import { TEST_KEYS } from "./run-env.ts";

/**
 * The real use cases against the run's database, for a journey's setup: what no page does yet (filing an
 * application) is done the way the portal will do it, never by writing rows by hand. Files go to the
 * server's own local object storage, so the pages can preview them. Close it in afterAll.
 */
export interface UseCases {
  /** A context for `actor` with a fresh unit of work, the run's keys and storage, and the time now. */
  ctx(actor?: Actor): Ctx;
  close(): Promise<void>;
}

export async function openUseCases(): Promise<UseCases> {
  const run = e2eRun();
  const orm: MikroORM = await openOrm({
    clientUrl: run.databaseUrl,
    entities: [OutboxEvent, ...registryEntities],
    migrations: registryMigrations,
    poolMax: 2,
  });
  const pii = createPiiCipher({
    encKey: Buffer.from(TEST_KEYS.PII_KEY, "base64"),
    hmacKey: Buffer.from(TEST_KEYS.PII_HMAC_KEY, "base64"),
  });
  const storage = createStorage({
    localRoot: path.join(run.dataDir, "objects"),
    secret: TEST_KEYS.APP_SECRET,
    baseUrl: run.baseUrl,
  });
  await storage.ensureReady();
  return {
    ctx: (actor = SYSTEM) => ({ em: orm.em.fork(), actor, now: new Date(), pii, storage }),
    close: () => orm.close(),
  };
}

/** A one-page PDF standing in for each scanned material. */
const SAMPLE_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  "latin1",
);

/**
 * An individual (found by phone) files an application online for themself, as the apply pages will: uploads
 * a file for every required material of the item into their library, then submits the case with them.
 */
export async function fileCaseAs(
  uc: UseCases,
  person: { phone: string; name: string },
  itemCode: string,
  formData: Record<string, unknown>,
): Promise<{ caseId: string; caseNo: string }> {
  const [found] = await findPersonsByPhone(uc.ctx(), person.phone);
  if (!found) throw new Error(`no person with phone ${person.phone} in the e2e database`);
  const actor: Actor = { type: "person", personId: found.id, name: person.name };
  const guide = await getItemGuide(uc.ctx(actor), itemCode);
  const materials = [];
  for (const m of guide.materials.filter((r) => r.required)) {
    const stored = await storeMaterial(
      uc.ctx(actor),
      {
        owner: { type: "person", personId: found.id },
        title: m.name,
        filename: `${m.code}.pdf`,
        requirementCode: m.code,
      },
      SAMPLE_PDF,
    );
    materials.push({ requirementCode: m.code, materialId: stored.id });
  }
  const c = await submitCase(uc.ctx(actor), {
    itemCode,
    applicant: { type: "person" },
    channel: "online",
    formData,
    materials,
  });
  return { caseId: c.id, caseNo: c.caseNo };
}
