import { type MikroORM, maskPhone, type PiiCipher } from "../../platform/index.ts";
import { SentMessage } from "../identity.entity.ts";

/** Sends a text message to a mobile number. */
export interface SmsTransport {
  readonly kind: "dev" | "http";
  send(to: string, body: string): Promise<void>;
}

const GATEWAY_TIMEOUT_MS = 5000;

/** Six digits in a row are a code; the record of a real send must not keep it readable. */
function redactCodes(body: string): string {
  return body.replace(/\d{6}/g, "******");
}

async function record(
  deps: { orm: MikroORM; pii: PiiCipher },
  to: string,
  body: string,
  transport: string,
): Promise<void> {
  const em = deps.orm.em.fork();
  em.create(SentMessage, {
    channel: "sms",
    toMasked: maskPhone(to),
    toHash: deps.pii.blindIndex(to, "phone"),
    body,
    transport,
    sentAt: new Date(),
  });
  await em.flush();
}

/**
 * The SMS transport. Without `gatewayUrl` it is the development transport: the message is only stored in
 * sent_message, where the development mailbox page shows it. With `gatewayUrl` it POSTs `{ to, body }` to
 * the gateway (Bearer `gatewayToken`, 5 s timeout; any non-2xx answer is an Error) and keeps a record of
 * each accepted message with the code masked out, so no code is ever stored in clear in production.
 */
export function createSmsTransport(opts: {
  orm: MikroORM;
  pii: PiiCipher;
  gatewayUrl?: string;
  gatewayToken?: string;
}): SmsTransport {
  const { gatewayUrl, gatewayToken } = opts;
  if (!gatewayUrl) {
    return { kind: "dev", send: (to, body) => record(opts, to, body, "dev") };
  }
  const url = new URL(gatewayUrl);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`SMS gateway URL must be http(s): ${url.protocol}`);
  }
  if (!gatewayToken) throw new Error("An SMS gateway URL needs its token (Bearer) as well");
  return {
    kind: "http",
    async send(to, body) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${gatewayToken}` },
        body: JSON.stringify({ to, body }),
        signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
      });
      // Drain the answer so the connection can be reused; its content is not needed.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`SMS gateway answered HTTP ${res.status}`);
      await record(opts, to, redactCodes(body), "http");
    },
  };
}
