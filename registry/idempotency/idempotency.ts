import { createHash } from "node:crypto";
import { DomainError, type EntityManager, sqlRows, transact } from "../../platform/index.ts";

/** A first response stored under an idempotency key. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** A request still unanswered after this long is taken to have died (a crash) and may be retried. */
const STALE_MS = 60_000;

/** The SHA-256 of a request's method, path and body: what "the same request" means for a key. */
export function requestHash(method: string, path: string, body: Buffer | string): string {
  return createHash("sha256").update(`${method} ${path}\n`).update(body).digest("hex");
}

/**
 * Claims an `Idempotency-Key` for a client: null when this is the first use (the caller then handles the
 * request and calls {@link finishIdempotent}), the stored response for a replay of the same request,
 * IDEMPOTENCY_KEY_REUSED for the same key with another request, CONFLICT while the first is still running.
 */
export async function beginIdempotent(
  em: EntityManager,
  input: { clientId: string; key: string; hash: string; now: Date },
): Promise<StoredResponse | null> {
  const { clientId, key, hash, now } = input;
  const claimed = await sqlRows(
    em,
    `insert into idempotency_key (client_id, key, request_hash, status, body, created_at)
     values (?, ?, ?, null, null, ?)
     on conflict (client_id, key) do update set request_hash = excluded.request_hash, created_at = excluded.created_at
       where idempotency_key.status is null and idempotency_key.created_at < ?
         and idempotency_key.request_hash = excluded.request_hash
     returning 1`,
    [clientId, key, hash, now, new Date(now.getTime() - STALE_MS)],
  );
  if (claimed.length) return null;
  const [row] = await sqlRows<{ request_hash: string; status: number | null; body: unknown }>(
    em,
    "select request_hash, status, body from idempotency_key where client_id = ? and key = ?",
    [clientId, key],
  );
  if (!row) return beginIdempotent(em, input);
  if (row.request_hash !== hash) {
    throw new DomainError("IDEMPOTENCY_KEY_REUSED", "该 Idempotency-Key 已用于另一请求，请为新请求换一个键", [
      { path: "Idempotency-Key", message: "已用于另一请求" },
    ]);
  }
  if (row.status === null) throw new DomainError("CONFLICT", "同一请求正在处理中，请稍后重试");
  return { status: row.status, body: row.body };
}

/** Stores the first response of a claimed key; a server fault instead releases the key for a retry. */
export async function finishIdempotent(
  em: EntityManager,
  input: { clientId: string; key: string; response: StoredResponse },
): Promise<void> {
  const { clientId, key, response } = input;
  if (response.status >= 500) {
    await sqlRows(em, "delete from idempotency_key where client_id = ? and key = ? and status is null", [
      clientId,
      key,
    ]);
    return;
  }
  await sqlRows(
    em,
    "update idempotency_key set status = ?, body = ?::jsonb where client_id = ? and key = ?",
    [response.status, JSON.stringify(response.body ?? null), clientId, key],
  );
}

/**
 * Answers a request whose key {@link beginIdempotent} claimed: runs `work` and stores its answer in the same
 * transaction, so a crash in between cannot leave a change made under the key with the key still open for a
 * retry that would make it again. A refusal (`work` throws; its writes are rolled back) is stored as the answer
 * `refusal` maps it to, and a 5xx releases the key. `seal` transforms what is stored (e.g. encrypts a secret
 * that the first answer shows in clear); the caller opens it on replay.
 */
export async function answerIdempotent(
  em: EntityManager,
  ids: { clientId: string; key: string },
  work: (em: EntityManager) => Promise<StoredResponse>,
  opts: { refusal: (e: unknown) => StoredResponse; seal?: (r: StoredResponse) => StoredResponse },
): Promise<StoredResponse> {
  const store = (tx: EntityManager, response: StoredResponse) =>
    finishIdempotent(tx, { ...ids, response: opts.seal ? opts.seal(response) : response });
  try {
    return await transact(em, async (tx) => {
      const answer = await work(tx);
      await store(tx, answer);
      return answer;
    });
  } catch (e) {
    const answer = opts.refusal(e);
    await store(em.fork(), answer);
    return answer;
  }
}

/** How long a client may replay a request with its key. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

/** Deletes keys older than {@link IDEMPOTENCY_KEY_TTL_MS}; returns how many. Run hourly by the workers. */
export async function purgeIdempotencyKeys(em: EntityManager, now: Date): Promise<number> {
  const rows = await sqlRows(em, "delete from idempotency_key where created_at < ? returning 1", [
    new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS),
  ]);
  return rows.length;
}
