// The portal over real HTTP for integration tests: a runtime on the test database, the app in Vite middleware
// mode, the bundled work calendar, and sessions stored the way the sign-in callback stores them.
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { forgetWorkCalendar } from "../../../chain/index.ts";
import { loadEnv } from "../../../platform/index.ts";
import { importWorkCalendar } from "../../../registry/index.ts";
import { testCtx } from "../../../registry/testing/test-env.ts";
import { createHttpApp } from "../app.ts";
import { loadAppSource } from "../app-source.ts";
import { createSessionStore, SESSION_COOKIE, signCookieValue } from "../auth/session-store.ts";
import { bootRuntime, type Runtime } from "../runtime.ts";

/** Claims of a signed-in test user beyond the person: staff posts, or the enterprise acted for. */
export interface TestClaims {
  staffPosts?: { department: string; roles: string[] }[];
  /** The `acting_for` claim; a person acting as themself by default. */
  actingFor?: Record<string, unknown>;
  /** Acting for this enterprise: the subject becomes `personId~enterpriseId`. */
  enterpriseId?: string;
}

export interface PortalHarness {
  rt: Runtime;
  base: string;
  /** A session cookie for the person, as after a real sign-in. */
  signIn(personId: string, name: string, claims?: TestClaims): Promise<string>;
  get(pathname: string, cookie?: string): Promise<{ res: Response; html: string }>;
  /** A form post (pairs or a record become urlencoded fields); redirects are not followed. */
  post(
    pathname: string,
    cookie: string,
    body: FormData | URLSearchParams | Record<string, string> | [string, string][],
  ): Promise<{ res: Response; html: string }>;
  close(): Promise<void>;
}

/** Starts the portal for one test file; `name` labels its data directory. */
export async function startPortal(name: string): Promise<PortalHarness> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `tongban-${name}-`));
  const rt = await bootRuntime(loadEnv({ ...process.env, DATA_DIR: dataDir, MIGRATE_ON_START: "false" }));
  const csv = readFileSync(
    new URL("../../../registry/calendar/data/work-calendar-cn.csv", import.meta.url),
    "utf8",
  );
  await importWorkCalendar(await testCtx(), csv);
  forgetWorkCalendar();
  const source = await loadAppSource("vite");
  const server: Server = createHttpApp(rt, source).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sessions = createSessionStore(rt.redis, rt.env.QUEUE_PREFIX);
  const read = async (res: Response) => ({ res, html: await res.text() });
  return {
    rt,
    base,
    async signIn(personId, name, claims = {}) {
      const subject = claims.enterpriseId ? `${personId}~${claims.enterpriseId}` : personId;
      const id = await sessions.create({
        subject,
        tokens: { accessToken: "test-access-token", expiresAt: Date.now() + 300_000 },
        claims: {
          sub: subject,
          name,
          id_number_masked: "3209**********1234",
          real_name_level: 2,
          staff_posts: claims.staffPosts ?? [],
          acting_for: claims.actingFor ?? { type: "person", name },
        },
        createdAt: new Date().toISOString(),
      });
      return `${SESSION_COOKIE}=${signCookieValue(rt.appSecret, SESSION_COOKIE, id)}`;
    },
    get: async (pathname, cookie) =>
      read(await fetch(`${base}${pathname}`, { headers: cookie ? { cookie } : {}, redirect: "manual" })),
    async post(pathname, cookie, body) {
      const payload =
        body instanceof FormData || body instanceof URLSearchParams ? body : new URLSearchParams(body);
      return read(
        await fetch(`${base}${pathname}`, {
          method: "POST",
          headers: { cookie, origin: base },
          body: payload,
          redirect: "manual",
        }),
      );
    },
    async close() {
      await new Promise((r) => server.close(r));
      await source.close();
      await rt.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
