import type { Clock } from "../clock/clock.ts";
import { LocalStorage } from "./local-storage.ts";
import type { ObjectStorage } from "./object-storage.ts";
import { S3Storage } from "./s3-storage.ts";

/** Everything {@link createStorage} needs; `s3` present means S3/MinIO, absent means local disk. */
export interface CreateStorageOptions {
  s3?: { endpoint: string; region: string; bucket: string; accessKey: string; secretKey: string };
  localRoot: string;
  /** Signs local download tokens (APP_SECRET); unused by S3, which presigns with its own keys. */
  secret: string;
  /** Public base URL of the portal, which serves local downloads at `/files/:token`. */
  baseUrl: string;
  clock?: Clock;
}

/** Picks the configured backend; call `ensureReady()` on the result once at start. */
export function createStorage(opts: CreateStorageOptions): ObjectStorage {
  if (opts.s3) return new S3Storage({ ...opts.s3, ...(opts.clock ? { clock: opts.clock } : {}) });
  return new LocalStorage({
    root: opts.localRoot,
    secret: opts.secret,
    baseUrl: opts.baseUrl,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
}
