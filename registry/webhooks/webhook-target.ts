import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

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

/**
 * The reason a delivery may not go to `url` (its host is, or resolves to, a forbidden address), or null.
 * `allowLoopback` (WEBHOOK_ALLOW_LOOPBACK) lets a single-machine demo and the tests reach 127.0.0.1. The check
 * runs before each attempt; a name that resolves differently between the check and the request is the one gap
 * left, which only the resolver's owner can exploit.
 */
export async function forbiddenWebhookTarget(url: string, allowLoopback: boolean): Promise<string | null> {
  if (allowLoopback) return null;
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return "接收地址无效";
  }
  const refused = "接收地址指向本机或链路本地地址，不允许推送";
  if (isIP(host)) return isForbiddenWebhookAddress(host) ? refused : null;
  if (host === "localhost" || host.endsWith(".localhost")) return refused;
  try {
    const addresses = await lookup(host, { all: true, verbatim: true });
    return addresses.some((a) => isForbiddenWebhookAddress(a.address)) ? refused : null;
  } catch {
    // Not resolvable now: the attempt itself fails and is retried like any unreachable receiver.
    return null;
  }
}
