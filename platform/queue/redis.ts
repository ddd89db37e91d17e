import { Redis } from "ioredis";

/** Thrown at start when Redis does not answer; the message says how to start one. */
export class RedisUnavailableError extends Error {
  override name = "RedisUnavailableError";
}

/**
 * Connects to Redis and checks it answers. BullMQ needs `maxRetriesPerRequest: null` on connections
 * used by workers, so every connection we hand out has it.
 */
export async function connectRedis(url: string, opts: { timeoutMs?: number } = {}): Promise<Redis> {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectTimeout: opts.timeoutMs ?? 3000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on("error", () => {
    // ioredis reports every reconnect attempt; readiness and callers see the failures themselves.
  });
  try {
    await withTimeout(redis.connect(), opts.timeoutMs ?? 3000);
    await withTimeout(redis.ping(), opts.timeoutMs ?? 3000);
  } catch (e) {
    redis.disconnect();
    const safeUrl = url.replace(/\/\/[^@]*@/, "//***@");
    throw new RedisUnavailableError(
      `Redis is not reachable at ${safeUrl} (${(e as Error).message}).\n` +
        "Tongban keeps its job queue in Redis. Start one, for example:\n" +
        '  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""\n' +
        "  (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis && brew services start redis)\n" +
        "or point REDIS_URL at an existing server.",
    );
  }
  return redis;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** Checks that Redis answers; used by /readyz. */
export async function pingRedis(redis: Redis): Promise<boolean> {
  try {
    return (await withTimeout(redis.ping(), 1000)) === "PONG";
  } catch {
    return false;
  }
}
