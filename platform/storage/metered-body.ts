import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { payloadTooLarge } from "./object-storage.ts";

/**
 * Passes a body through a SHA-256 hash and a byte counter. The readable it hands out never errors: when the
 * limit is exceeded or the source fails it just ends early and remembers why, and `result()` throws that
 * reason. This matters for minio's multipart upload, which pipes its input without listening for input
 * errors and would otherwise wait forever; the backends upload the truncated body to a scratch name and
 * discard it.
 */
export class MeteredBody {
  private bytes = 0;
  private failure: unknown = null;
  private readonly hash = createHash("sha256");

  constructor(
    private readonly source: Buffer | NodeJS.ReadableStream,
    private readonly maxBytes?: number,
  ) {}

  /** The body as a byte stream; read it once. */
  readable(): Readable {
    return Readable.from(this.chunks(), { objectMode: false });
  }

  /** Size and hex SHA-256 of everything read, or the reason reading stopped early. */
  result(): { size: number; sha256: string } {
    if (this.failure !== null) throw this.failure;
    return { size: this.bytes, sha256: this.hash.digest("hex") };
  }

  private async *chunks(): AsyncGenerator<Buffer> {
    const iterable: AsyncIterable<string | Buffer> | Iterable<Buffer> = Buffer.isBuffer(this.source)
      ? [this.source]
      : this.source;
    try {
      // Leaving this loop early destroys a stream source, which is what we want for an oversized upload.
      for await (const raw of iterable) {
        const chunk = typeof raw === "string" ? Buffer.from(raw) : raw;
        this.bytes += chunk.length;
        if (this.maxBytes !== undefined && this.bytes > this.maxBytes) {
          this.failure = payloadTooLarge(this.maxBytes);
          return;
        }
        this.hash.update(chunk);
        yield chunk;
      }
    } catch (e) {
      this.failure = e ?? new Error("upload source failed");
    }
  }
}
