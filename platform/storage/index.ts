// Public API of object storage: the interface, both backends, and what the `/files/:token` route needs.
export { type CreateStorageOptions, createStorage } from "./create-storage.ts";
export { type DownloadGrant, signDownloadToken, verifyDownloadToken } from "./download-token.ts";
export { LocalStorage, type LocalStorageOptions } from "./local-storage.ts";
export {
  assertObjectKey,
  contentDisposition,
  MAX_KEY_LENGTH,
  MAX_TTL_SECONDS,
  type ObjectStat,
  type ObjectStorage,
  objectKeyProblem,
  type PutOptions,
  type PutResult,
  type SignedUrlOptions,
} from "./object-storage.ts";
export { S3Storage, type S3StorageOptions } from "./s3-storage.ts";
