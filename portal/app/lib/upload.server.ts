/** Room for the multipart envelope and the other fields around a 20 MB file. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * The form of a multipart request whose body is at most `maxFileBytes` (plus the envelope), read with a
 * cap so an oversized or unannounced body is never buffered whole. null when it is too large.
 */
export async function readCappedForm(request: Request, maxFileBytes: number): Promise<FormData | null> {
  const cap = maxFileBytes + ENVELOPE_BYTES;
  if (Number(request.headers.get("content-length") ?? 0) > cap) return null;
  if (!request.body) return request.formData();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new Request(request.url, {
    method: "POST",
    headers: { "content-type": request.headers.get("content-type") ?? "" },
    body: Buffer.concat(chunks),
  }).formData();
}
