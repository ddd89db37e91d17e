import { DomainError } from "../../platform/index.ts";
import type { DraftMaterial } from "../../registry/index.ts";

const BAD_FORM = "提交的内容无效，请刷新页面后重试";

/**
 * The apply page's hidden `payload` field: `{ formData, materials, registered }` as JSON. Anything else is a stale or
 * tampered page; the use case then validates the shape and every id.
 */
export function parseApplyPayload(payload: unknown): {
  formData: unknown;
  materials: DraftMaterial[];
  registered: string[];
} {
  if (typeof payload !== "string" || payload.length > 200_000) throw new DomainError("VALIDATION", BAD_FORM);
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    throw new DomainError("VALIDATION", BAD_FORM);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new DomainError("VALIDATION", BAD_FORM);
  const o = v as { formData?: unknown; materials?: unknown; registered?: unknown };
  return {
    formData: o.formData ?? {},
    materials: (o.materials ?? []) as DraftMaterial[],
    // Field names to fill from the registry at submit; the use case validates them.
    registered: (o.registered ?? []) as string[],
  };
}

/** The step a draft was saved at (1-3); anything else is step 1. */
export function parseStep(step: unknown): number {
  const n = typeof step === "string" ? Number(step) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 3 ? n : 1;
}

/** An uploaded file from a multipart form: its name and bytes, or a VALIDATION error naming the field. */
export async function uploadedFile(file: unknown): Promise<{ filename: string; body: Buffer }> {
  if (typeof file !== "object" || file === null || typeof (file as Blob).arrayBuffer !== "function")
    throw new DomainError("VALIDATION", "请选择要上传的文件", [{ path: "file", message: "必填" }]);
  const f = file as File;
  return { filename: f.name || "upload", body: Buffer.from(await f.arrayBuffer()) };
}
