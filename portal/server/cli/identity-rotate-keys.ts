import { MAX_SIGNED_TOKEN_SECONDS, rotateSigningKeys } from "../../../identity/index.ts";
import { loadEnv } from "../../../platform/index.ts";
import { bootRuntime } from "../runtime.ts";

/**
 * `npm run identity:rotate-keys`: adds a new token-signing key. Running servers start signing with it
 * within a minute; the previous keys stay in the JWKS until every token they signed has expired.
 */
async function main() {
  const rt = await bootRuntime(loadEnv());
  try {
    const r = await rotateSigningKeys(rt.orm, rt.pii);
    console.log(`new signing key: ${r.kid}`);
    if (r.retiring.length) {
      console.log(
        `retiring in ${Math.round(MAX_SIGNED_TOKEN_SECONDS / 60) + 1} minutes: ${r.retiring.join(", ")}`,
      );
    }
  } finally {
    await rt.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
