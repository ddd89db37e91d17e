/**
 * The app's own React Router config with the output moved to E2E_BUILD_DIR: the journeys build into a
 * per-run directory (see global-setup.ts) so that `npm run build` elsewhere in the working tree cannot
 * swap the assets under a running server. `react-router build e2e/support/build-root` reads this file.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "@react-router/dev/config";
import base from "../../../react-router.config.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const buildDirectory = process.env.E2E_BUILD_DIR;
if (!buildDirectory) throw new Error("E2E_BUILD_DIR is not set (global-setup.ts sets it)");

export default {
  ...base,
  appDirectory: path.resolve(repo, base.appDirectory ?? "app"),
  buildDirectory,
} satisfies Config;
