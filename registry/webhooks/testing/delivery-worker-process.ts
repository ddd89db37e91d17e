// A webhook delivery worker in a process of its own, so that a test can kill it (SIGKILL) mid-delivery.
// Usage: node --import tsx delivery-worker-process.ts <queue prefix>; the environment of the test run.
import { Buffer } from "node:buffer";
import {
  connectRedis,
  createJobsQueue,
  createPiiCipher,
  JobRegistry,
  OutboxEvent,
  openOrm,
  startWorker,
  systemClock,
} from "../../../platform/index.ts";
import { registryEntities } from "../../entities.ts";
import { registryMigrations } from "../../migrations/index.ts";
import { type WebhookDeps, webhookJobs } from "../webhook-jobs.ts";

const prefix = process.argv[2];
if (!prefix) throw new Error("usage: delivery-worker-process.ts <queue prefix>");
const redis = await connectRedis(process.env.REDIS_URL!);
const orm = await openOrm({
  clientUrl: process.env.DATABASE_URL!,
  entities: [OutboxEvent, ...registryEntities],
  migrations: registryMigrations,
  poolMax: 2,
});
const pii = createPiiCipher({
  encKey: Buffer.from(process.env.PII_KEY!, "base64"),
  hmacKey: Buffer.from(process.env.PII_HMAC_KEY!, "base64"),
});
const queue = createJobsQueue(redis, prefix);
const registry = new JobRegistry<WebhookDeps>();
const cfg = { queue, attempts: 3, backoffMs: 50, timeoutMs: 60_000, allowLoopback: true };
for (const j of webhookJobs(cfg)) registry.register(j);
const worker = startWorker({
  registry,
  deps: { orm, pii, clock: systemClock },
  connection: redis.duplicate(),
  prefix,
  // A short lock, so that the job of a killed worker is found stalled within a second or two.
  lockDuration: 1000,
  stalledInterval: 500,
});
await worker.waitUntilReady();
process.stdout.write("ready\n");
