import { lookup } from "node:dns/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";

/**
 * Whether a webhook may never be sent to this address: loopback (the platform itself), link-local (cloud
 * metadata at 169.254.169.254), unspecified and multicast. Private ranges stay allowed: department systems live
 * on the government network.
 */
export function isForbiddenWebhookAddress(address: string): boolean {
  const ip = address.toLowerCase().replace(/^\[|\]$/g, "");
  if (isIP(ip) === 4) {
    const [a, b] = ip.split(".").map(Number);
    return a === 127 || a === 0 || (a === 169 && b === 254) || a >= 224;
  }
  if (isIP(ip) !== 6) return true;
  // IPv4-mapped (::ffff:127.0.0.1, or ::ffff:7f00:1 as written by the URL parser).
  const mapped = ip.match(/^::ffff:(.+)$/)?.[1];
  if (mapped) {
    if (isIP(mapped) === 4) return isForbiddenWebhookAddress(mapped);
    const [hi, lo] = mapped.split(":").map((h) => Number.parseInt(h, 16));
    return isForbiddenWebhookAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return ip === "::1" || ip === "::" || /^fe[89ab]/.test(ip) || ip.startsWith("ff");
}

/** The reason recorded on a delivery refused for its address. */
export const FORBIDDEN_TARGET = "接收地址指向本机或链路本地地址，不允许推送";
/** The `code` of the error a refused address raises while connecting. */
export const FORBIDDEN_TARGET_CODE = "ETONGBAN_FORBIDDEN_TARGET";

/** Name resolution: every address of a host name (the system resolver unless a test gives another). */
export type ResolveHost = (host: string) => Promise<{ address: string; family: number }[]>;
const systemResolve: ResolveHost = (host) => lookup(host, { all: true, verbatim: true });

/**
 * The reason a delivery may not go to `url` without resolving anything (an address literal, or a localhost
 * name), or null. Host names are checked as they are connected to (webhookLookup), not here.
 */
export function forbiddenWebhookTarget(url: string, allowLoopback: boolean): string | null {
  if (allowLoopback) return null;
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return "接收地址无效";
  }
  if (isIP(host)) return isForbiddenWebhookAddress(host) ? FORBIDDEN_TARGET : null;
  if (host === "localhost" || host.endsWith(".localhost")) return FORBIDDEN_TARGET;
  return null;
}

/**
 * The `lookup` of a delivery's connection: resolves the host once and refuses it when any of its addresses is
 * forbidden, so the address that was checked is the address connected to. A check made before the request, with
 * the request resolving the name again, would leave a resolver that answers differently the second time (DNS
 * rebinding) a way to the platform itself or the cloud's metadata service.
 */
export function webhookLookup(allowLoopback: boolean, resolve: ResolveHost = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = found.filter((a) => family === 0 || a.family === family);
        if (!allowLoopback && found.some((a) => isForbiddenWebhookAddress(a.address))) {
          callback(Object.assign(new Error(FORBIDDEN_TARGET), { code: FORBIDDEN_TARGET_CODE }), "", 0);
        } else if (!addresses.length) {
          callback(Object.assign(new Error(`${hostname} 无可用地址`), { code: "ENOTFOUND" }), "", 0);
        } else if (options.all) {
          callback(null, addresses);
        } else {
          callback(null, addresses[0].address, addresses[0].family);
        }
      },
      (e: NodeJS.ErrnoException) => callback(e, "", 0),
    );
  };
}

/**
 * POSTs one delivery (no redirects followed) over a connection made through `lookup`; resolves to the answer's
 * status once its headers arrive (the body is drained and dropped). Network errors, a refused address
 * (`code` FORBIDDEN_TARGET_CODE) and the timeout reject.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  o: { timeoutMs: number; lookup: LookupFunction },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: o.lookup,
        signal: AbortSignal.timeout(o.timeoutMs),
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
