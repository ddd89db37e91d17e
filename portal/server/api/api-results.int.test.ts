import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drive, FORM, loadCalendar, makeWorld, type World } from "../../../chain/workbench/testing/world.ts";
import { issueResult, SYSTEM, submitCase } from "../../../registry/index.ts";
import { itemDefinition, makeServiceItem, unique } from "../../../registry/testing/factories.ts";
import { closeTestOrm, testCtx } from "../../../registry/testing/test-env.ts";
import { type ApiHarness, startApi } from "./testing/api-harness.ts";

let api: ApiHarness;
let w: World;
let other: World;
let typeCode: string;
let otherType: string;
let foreignType: string;
let itemCode: string;
let caseId: string;
let caseNo: string;
let token: string;

const PDF = Buffer.from("%PDF-1.4\n%test result\n%%EOF\n");

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return api.rt.orm.em.fork().getConnection().execute(query, params, "all");
}

beforeAll(async () => {
  api = await startApi("api-results");
  await loadCalendar();
  [w, other] = [await makeWorld(), await makeWorld()];
  typeCode = `T_LIC_${unique()}`;
  otherType = `T_OTHER_${unique()}`;
  foreignType = `T_FOREIGN_${unique()}`;
  const item = await makeServiceItem(w.dept.code, {
    resultType: { code: typeCode, name: "测试许可证", validMonths: 12 },
    materials: itemDefinition(w.dept.code).materials.map((m) => ({ ...m, required: false })),
  });
  itemCode = item.code;
  // Another item of the department, so that it also issues a second type (pushed as a new result).
  await makeServiceItem(w.dept.code, {
    resultType: { code: otherType, name: "测试备案证明", validMonths: null },
  });
  await makeServiceItem(other.dept.code, {
    resultType: { code: foreignType, name: "他部门证照", validMonths: null },
  });
  const c = await submitCase(await testCtx(w.entApplicant, new Date()), {
    itemCode: item.code,
    applicant: { type: "enterprise", enterpriseId: w.ent.id },
    formData: FORM,
    materials: [],
  });
  caseId = c.id;
  caseNo = (await sql<{ case_no: string }>("select case_no from case_file where id = ?", [caseId]))[0]
    .case_no;
  token = await api.token(w.dept.code, ["cases:read", "results:read", "results:write"]);
  // A result of a type the department neither issues nor accepts: never shared with it.
  await issueResult(await testCtx(SYSTEM), {
    resultTypeCode: foreignType,
    holder: { type: "enterprise", enterpriseId: w.ent.id },
    data: {},
    validFrom: "2026-01-05",
  });
});
afterAll(async () => {
  await api?.close();
  await closeTestOrm();
});

function multipart(metadata: unknown, file: Buffer | null = PDF): FormData {
  const form = new FormData();
  if (metadata !== undefined)
    form.set("metadata", typeof metadata === "string" ? metadata : JSON.stringify(metadata));
  if (file) form.set("file", new Blob([new Uint8Array(file)], { type: "application/pdf" }), "licence.pdf");
  return form;
}
const key = () => ({ "idempotency-key": `r-${crypto.randomUUID()}` });
const resultsOf = async (id: string) =>
  (await sql<{ n: number }>("select count(*)::int as n from result where case_id = ?", [id]))[0].n;

describe("POST /cases/{id}/results", () => {
  it("issues a new result of another type with its PDF; a replay answers the same without a second", async () => {
    const headers = key();
    const meta = { resultTypeCode: otherType, data: { scope: "测试经营" }, validFrom: "2026-11-23" };
    const first = await api.call("POST", `/cases/${caseId}/results`, {
      token,
      body: multipart(meta),
      headers,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ resultTypeCode: otherType, holderType: "enterprise", caseId });
    const replay = await api.call("POST", `/cases/${caseId}/results`, {
      token,
      body: multipart(meta),
      headers,
    });
    expect(replay).toMatchObject({ status: 201, body: first.body });
    expect(await resultsOf(caseId)).toBe(1);
    const [row] = await sql<{ file_key: string }>("select file_key from result where id = ?", [
      first.body.id,
    ]);
    expect(await api.rt.storage.stat(row.file_key)).toMatchObject({ size: PDF.length });
  });

  it("refuses bad parts with 400/415 naming the fields, other departments with 404, and writes nothing", async () => {
    const before = await resultsOf(caseId);
    const meta = { resultTypeCode: typeCode, validFrom: "2026-11-23" };
    const noFile = await api.call("POST", `/cases/${caseId}/results`, {
      token,
      body: multipart(meta, null),
      headers: key(),
    });
    expect(noFile.status).toBe(400);
    expect(noFile.body.errors.map((e: { path: string }) => e.path)).toEqual(["file"]);
    const badMeta = await api.call("POST", `/cases/${caseId}/results`, {
      token,
      body: multipart({ resultTypeCode: "lower", validFrom: "23.11.2026" }),
      headers: key(),
    });
    expect(badMeta.status).toBe(400);
    expect(badMeta.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["resultTypeCode", "validFrom"]),
    );
    const notPdf = await api.call("POST", `/cases/${caseId}/results`, {
      token,
      body: multipart(meta, Buffer.from("GIF89a")),
      headers: key(),
    });
    expect(notPdf.status).toBe(415);
    const stranger = await api.token(other.dept.code, ["results:write"]);
    const foreign = await api.call("POST", `/cases/${caseId}/results`, {
      token: stranger,
      body: multipart(meta),
      headers: key(),
    });
    expect(foreign.status).toBe(404);
    const readOnly = await api.token(w.dept.code, ["results:read"]);
    expect(
      (
        await api.call("POST", `/cases/${caseId}/results`, {
          token: readOnly,
          body: multipart(meta),
          headers: key(),
        })
      ).status,
    ).toBe(403);
    expect(await resultsOf(caseId)).toBe(before);
  });
});

describe("POST /cases/{id}/results of the case's own result type", () => {
  const storedFiles = async () =>
    (await readdir(path.join(api.rt.env.DATA_DIR, "objects", "results")).catch(() => [] as string[])).filter(
      (f) => f.endsWith(".pdf"),
    ).length;
  const fileCase = async () =>
    (
      await submitCase(await testCtx(w.entApplicant, new Date()), {
        itemCode,
        applicant: { type: "enterprise", enterpriseId: w.ent.id },
        formData: FORM,
        materials: [],
      })
    ).id;
  const conclude = (id: string, approve: boolean) =>
    drive(id, new Date(), [
      [w.clerk, { type: "accept" }],
      [w.reviewer, { type: "review", pass: true }],
      [w.approver, { type: "decide", approve, reasons: approve ? "符合法定条件" : "不符合法定条件" }],
      [w.approver, { type: "conclude" }],
    ]);
  const push = (id: string, headers = key(), file = PDF) =>
    api.call("POST", `/cases/${id}/results`, {
      token,
      body: multipart({ resultTypeCode: typeCode, data: { scope: "另填" }, validFrom: "2030-01-01" }, file),
      headers,
    });
  const rowsOf = (id: string) =>
    sql<{ id: string; number: string; file_key: string | null; data: Record<string, unknown> }>(
      "select id, number, file_key, data from result where case_id = ? and result_type_code = ?",
      [id, typeCode],
    );

  it("before 办结 is refused with 409, writing nothing and storing no file", async () => {
    const id = await fileCase();
    const files = await storedFiles();
    const early = await push(id);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe("INVALID_STATE");
    expect(early.body.detail).toMatch(/办结时签发.*办结后/);
    expect(await resultsOf(id)).toBe(0);
    expect(await storedFiles()).toBe(files);
    const detail = await api.call("GET", `/cases/${id}`, { token });
    expect(detail.body).toMatchObject({ resultTypeCode: typeCode, results: [] });
  });

  it("after 办结 attaches the PDF to the result issued then (200, same number), once; a replay answers the same", async () => {
    const id = await fileCase();
    await conclude(id, true);
    const [issued] = await rowsOf(id);
    expect(issued.file_key).toBeNull();
    const before = await api.call("GET", `/cases/${id}`, { token });
    expect(before.body).toMatchObject({
      resultTypeCode: typeCode,
      decision: { approve: true, basis: "review", reasons: "符合法定条件", on: expect.any(String) },
      results: [
        { id: issued.id, number: issued.number, resultTypeCode: typeCode, status: "valid", hasFile: false },
      ],
    });

    const headers = key();
    const attached = await push(id, headers);
    expect(attached.status).toBe(200);
    expect(attached.body).toMatchObject({
      id: issued.id,
      number: issued.number,
      resultTypeCode: typeCode,
      caseId: id,
    });
    // The certificate's facts stay as issued at 办结; only the file is added.
    expect(attached.body.validFrom).not.toBe("2030-01-01");
    const replay = await push(id, headers);
    expect(replay).toMatchObject({ status: 200, body: attached.body });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");

    const rows = await rowsOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0].data).toEqual(issued.data);
    expect(await api.rt.storage.stat(rows[0].file_key!)).toMatchObject({
      size: PDF.length,
      contentType: "application/pdf",
    });
    expect(await api.rt.storage.signedUrl(rows[0].file_key!, { ttlSeconds: 60, filename: "x.pdf" })).toEqual(
      expect.any(String),
    );
    const audits = await sql<{ detail: { number: string; caseId: string } }>(
      "select detail from audit_log where action = 'result.attachFile' and subject_id = ?",
      [issued.id],
    );
    expect(audits.map((a) => a.detail)).toEqual([{ number: issued.number, caseId: id }]);
    const after = await api.call("GET", `/cases/${id}`, { token });
    expect(after.body.results).toEqual([expect.objectContaining({ id: issued.id, hasFile: true })]);

    // A second file is refused, and the first stays.
    const files = await storedFiles();
    const again = await push(id, key(), Buffer.from("%PDF-1.4\n%another\n%%EOF\n"));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "INVALID_STATE" });
    expect(again.body.detail).toContain("不能重复上传");
    expect((await rowsOf(id))[0].file_key).toBe(rows[0].file_key);
    expect(await storedFiles()).toBe(files);
  });

  it("after a denial is refused: no result was issued", async () => {
    const id = await fileCase();
    await conclude(id, false);
    const files = await storedFiles();
    const denied = await push(id);
    expect(denied.status).toBe(409);
    expect(denied.body.detail).toMatch(/未准予许可/);
    expect(await resultsOf(id)).toBe(0);
    expect(await storedFiles()).toBe(files);
  });
});

describe("GET /results (data sharing)", () => {
  it("shares the visible types of a holder for a case of the department, and audits the pull", async () => {
    const q = `holderUscc=${w.ent.uscc}&caseNo=${encodeURIComponent(caseNo)}&purpose=${encodeURIComponent("审查经营资质")}`;
    const shared = await api.call("GET", `/results?${q}`, { token });
    expect(shared.status).toBe(200);
    expect(shared.body.visibleTypes).toContain(typeCode);
    expect(shared.body.visibleTypes).not.toContain(foreignType);
    const types = shared.body.results.map((r: { resultTypeCode: string }) => r.resultTypeCode);
    expect(types).not.toContain(foreignType);
    const audits = await sql<{ detail: { purpose: string } }>(
      "select detail from audit_log where action = 'result.share' and subject_id = ?",
      [w.ent.id],
    );
    expect(audits.map((a) => a.detail.purpose)).toContain("审查经营资质");
  });

  it("requires a purpose and a case of the department whose applicant is the holder", async () => {
    const missing = await api.call("GET", `/results?holderUscc=${w.ent.uscc}`, { token });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["purpose", "caseNo"]),
    );
    const stranger = await api.token(other.dept.code, ["results:read"]);
    const q = `holderUscc=${w.ent.uscc}&caseNo=${encodeURIComponent(caseNo)}&purpose=${encodeURIComponent("核查")}`;
    expect((await api.call("GET", `/results?${q}`, { token: stranger })).status).toBe(404);
    const wrongHolder = `holderIdNumber=${w.individual.idNumber}&caseNo=${encodeURIComponent(caseNo)}&purpose=${encodeURIComponent("核查")}`;
    expect((await api.call("GET", `/results?${wrongHolder}`, { token })).status).toBe(404);
  });
});

describe("registry look-ups", () => {
  it("shows an enterprise's public facts and a person masked, audited", async () => {
    const e = await api.call("GET", `/enterprises/${w.ent.uscc}`, { token });
    expect(e).toMatchObject({ status: 200, body: { uscc: w.ent.uscc } });
    expect(
      (await api.call("GET", "/enterprises/91320999MA00000000", { token })).status,
    ).toBeGreaterThanOrEqual(400);
    const p = await api.call("GET", `/persons?idNumber=${w.individual.idNumber}`, { token });
    expect(p.status).toBe(200);
    expect(p.body.name).toBe("张**");
    expect(JSON.stringify(p.body)).not.toContain(w.individual.idNumber);
    const audits = await sql("select 1 from audit_log where action = 'person.lookup' and subject_id = ?", [
      w.individual.id,
    ]);
    expect(audits.length).toBe(1);
    expect((await api.call("GET", "/persons?idNumber=123", { token })).status).toBe(400);
  });
});
