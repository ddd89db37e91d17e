import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { connectRedis, pingRedis, RedisUnavailableError } from "./redis.ts";

const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A TCP server that accepts connections and never answers: a hung Redis. */
async function silentServer(): Promise<number> {
  const server = createServer((socket) => {
    sockets.push(socket);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  if (addr === null || typeof addr === "string") throw new Error("no port");
  return addr.port;
}

describe("connectRedis", () => {
  it("connects to the real Redis and pings it", async () => {
    const redis = await connectRedis(process.env.REDIS_URL!);
    try {
      expect(await redis.ping()).toBe("PONG");
      expect(await pingRedis(redis)).toBe(true);
      // Workers need this, or BullMQ refuses the connection.
      expect(redis.options.maxRetriesPerRequest).toBeNull();
    } finally {
      await redis.quit();
    }
  });

  it("rejects quickly with a message saying how to start Redis when nothing listens", async () => {
    const t0 = Date.now();
    const err = await connectRedis("redis://127.0.0.1:1").then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RedisUnavailableError);
    const message = (err as Error).message;
    expect(message).toContain("redis://127.0.0.1:1");
    expect(message).toContain("redis-server");
    expect(message).toContain("REDIS_URL");
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it("times out against a server that never answers", async () => {
    const port = await silentServer();
    const t0 = Date.now();
    await expect(connectRedis(`redis://127.0.0.1:${port}`, { timeoutMs: 500 })).rejects.toThrow(
      /timed out after 500 ms/,
    );
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it("does not print the password of the URL", async () => {
    const err = await connectRedis("redis://admin:s3cret-pass@127.0.0.1:1").then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect(err!.message).not.toContain("s3cret-pass");
    expect(err!.message).toContain("redis://***@127.0.0.1:1");
  });

  it("reports a Redis that stopped answering as not ready", async () => {
    const redis = await connectRedis(process.env.REDIS_URL!);
    redis.disconnect();
    expect(await pingRedis(redis)).toBe(false);
  });
});
