// The reference department system (部门业务系统模拟器): what a department's integrator writes against Tongban.
// It imports nothing of the platform's code: node built-ins, openid-client and fetch only.
// Usage: npm run dept-sim -- --department <code> --client-id <id> --client-secret <secret> [--help]
import { parseSimOptions, USAGE, UsageError } from "./options.ts";
import { startDeptSim } from "./sim.ts";

let options: ReturnType<typeof parseSimOptions>;
try {
  options = parseSimOptions(process.argv.slice(2), process.env);
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  console.error(`${e.message}\n\n${USAGE}`);
  process.exit(2);
}
if (!options) {
  console.log(USAGE);
  process.exit(0);
}

try {
  const sim = await startDeptSim(options);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await sim.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
} catch (e) {
  console.error(`部门业务系统模拟器启动失败：${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
