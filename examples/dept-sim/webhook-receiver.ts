import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// Tongban signs each push as `X-Tongban-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`
// with the timestamp (unix seconds) in `X-Tongban-Timestamp`. The check is written out here with node:crypto,
// as any department system would, rather than imported from the platform.

/** A push signed further than this from our clock is refused: it bounds replays of a captured request. */
export const TOLERANCE_SECONDS = 300;
const MAX_BODY_BYTES = 1024 * 1024;

export type SignatureCheck = "ok" | "malformed" | "expired" | "mismatch";

/** Checks the timestamp window, then the signature over the raw body in constant time. */
export function checkSignature(
  secret: string,
  timestamp: string | undefined,
  rawBody: Buffer,
  signature: string | undefined,
  nowMs = Date.now(),
): SignatureCheck {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature || !/^v1=[0-9a-f]{64}$/.test(signature)) {
    return "malformed";
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return "expired";
  const mac = createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest();
  const given = Buffer.from(signature.slice(3), "hex");
  return given.length === mac.length && timingSafeEqual(given, mac) ? "ok" : "mismatch";
}

/** A pushed event as Tongban sends it. */
export interface PushedEvent {
  id: string;
  type: string;
  createdAt: string;
  department: string;
  data: Record<string, unknown>;
}

/** Event ids already taken, oldest first, bounded so a long-running system does not grow without end. */
export class SeenEvents {
  private readonly ids: Set<string>;
  constructor(
    initial: string[] = [],
    private readonly max = 10_000,
  ) {
    this.ids = new Set(initial.slice(-max));
  }
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value as string);
  }
  toJSON(): string[] {
    return [...this.ids];
  }
}

export interface ReceiverOptions {
  host: string;
  port: number;
  /** The path events are POSTed to. */
  path: string;
  /** The signing secret; null until the subscription exists (pushes are then answered 503). */
  secret: () => string | null;
  seen: SeenEvents;
  /** Called after the answer is sent, for an event not seen before. */
  onEvent: (event: PushedEvent) => void;
  /** Called when an event id is taken, so it can be kept across restarts. */
  onSeen: () => void;
  log: (line: string) => void;
  /** Counts of what arrived, for whoever runs the receiver (tests, a status page). */
  stats: { received: number; duplicates: number; refused: number };
}

/**
 * The tiny webhook server: verifies each push, answers at once (202 new, 200 duplicate, 401 refused) and hands
 * new events on for processing after the answer, so a slow step never makes the platform retry.
 */
export async function startReceiver(o: ReceiverOptions): Promise<{ server: Server; port: number }> {
  const answer = (res: import("node:http").ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (url.pathname !== o.path) return answer(res, 404, { error: "not_found" });
    if (req.method !== "POST") return answer(res, 405, { error: "method_not_allowed" });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        answer(res, 413, { error: "too_large" });
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => {
      if (res.headersSent) return;
      const raw = Buffer.concat(chunks);
      const secret = o.secret();
      if (!secret) return answer(res, 503, { error: "not_ready" });
      const h = (n: string) => (typeof req.headers[n] === "string" ? (req.headers[n] as string) : undefined);
      const check = checkSignature(secret, h("x-tongban-timestamp"), raw, h("x-tongban-signature"));
      if (check !== "ok") {
        o.stats.refused++;
        o.log(`拒收推送：签名校验失败（${check}）`);
        return answer(res, 401, { error: `signature_${check}` });
      }
      let event: PushedEvent;
      try {
        event = JSON.parse(raw.toString("utf8"));
        if (typeof event?.id !== "string" || typeof event.type !== "string") throw new Error("shape");
      } catch {
        return answer(res, 400, { error: "bad_body" });
      }
      // De-duplicate on the body's id: it is signed, the X-Tongban-Event-Id header is not.
      if (o.seen.has(event.id)) {
        o.stats.duplicates++;
        o.log(`重复推送 ${event.type} #${event.id}，已忽略`);
        return answer(res, 200, { duplicate: true });
      }
      o.seen.add(event.id);
      o.stats.received++;
      o.onSeen();
      answer(res, 202, { accepted: true });
      setImmediate(() => o.onEvent(event));
    });
  });
  server.listen(o.port, o.host);
  await new Promise<void>((ok, fail) => {
    server.once("listening", ok);
    server.once("error", fail);
  });
  return { server, port: (server.address() as AddressInfo).port };
}
