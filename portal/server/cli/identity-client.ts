import { parseArgs } from "node:util";
import { API_SCOPES, createApiClient, listApiClients, revokeApiClient } from "../../../identity/index.ts";
import { isDomainError, loadEnv } from "../../../platform/index.ts";
import { bootRuntime, type Runtime } from "../runtime.ts";

const USAGE = `用法:
  npm run identity:client -- add --department <部门编码> --name <名称> --scopes <范围,范围>
  npm run identity:client -- list
  npm run identity:client -- revoke <clientId>
权限范围: ${API_SCOPES.join(", ")}`;

class UsageError extends Error {}

type Command =
  | { kind: "add"; departmentCode: string; name: string; scopes: string[] }
  | { kind: "list" }
  | { kind: "revoke"; clientId: string };

const OPTIONS = {
  department: { type: "string" },
  name: { type: "string" },
  scopes: { type: "string" },
} as const;

function parseOptions(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** Reads the command line; anything off is a UsageError, found before the database is touched. */
function parseCommand(argv: string[]): Command {
  const [command, ...rest] = argv;
  const { values, positionals } = parseOptions(rest);
  if (command === "add") {
    if (positionals.length) throw new UsageError(`多余的参数: ${positionals.join(" ")}`);
    const { department, name, scopes } = values;
    if (!department || !name || !scopes) throw new UsageError("add 需要 --department、--name 和 --scopes");
    const list = scopes
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    return { kind: "add", departmentCode: department, name, scopes: list };
  }
  if (command === "list" || command === "revoke") {
    if (Object.keys(values).length) throw new UsageError(`${command} 不接受选项`);
    if (command === "list") {
      if (positionals.length) throw new UsageError(`多余的参数: ${positionals.join(" ")}`);
      return { kind: "list" };
    }
    if (positionals.length !== 1) throw new UsageError("revoke 需要且只需要一个 clientId");
    return { kind: "revoke", clientId: positionals[0] };
  }
  throw new UsageError(command ? `未知命令: ${command}` : "缺少命令");
}

async function run(rt: Runtime, cmd: Command): Promise<void> {
  if (cmd.kind === "add") {
    const { clientId, clientSecret } = await createApiClient(rt.orm, {
      departmentCode: cmd.departmentCode,
      name: cmd.name,
      scopes: cmd.scopes,
    });
    console.log(`client_id:     ${clientId}`);
    console.log(`client_secret: ${clientSecret}`);
    console.warn(
      "警告：密钥只显示这一次，之后无法再次查看。请立即将其安全地配置到部门系统中；遗失后只能吊销并重新创建。",
    );
  } else if (cmd.kind === "list") {
    const rows = await listApiClients(rt.orm);
    if (!rows.length) {
      console.log("暂无接入客户端");
      return;
    }
    console.table(
      rows.map((c) => ({
        client_id: c.clientId,
        名称: c.name,
        部门: c.departmentCode,
        权限范围: c.scopes.join(" "),
        创建时间: c.createdAt.toISOString(),
        状态: c.revokedAt ? `已吊销 ${c.revokedAt.toISOString()}` : "有效",
      })),
    );
  } else {
    await revokeApiClient(rt.orm, cmd.clientId);
    console.log(`已吊销 ${cmd.clientId}；它已取得的访问令牌在过期（至多 5 分钟）后失效。`);
  }
}

/** `npm run identity:client -- add | list | revoke`: manages department systems' API clients. */
async function main() {
  const argv = process.argv.slice(2);
  if (["help", "--help", "-h"].includes(argv[0] ?? "")) {
    console.log(USAGE);
    return;
  }
  let cmd: Command;
  try {
    cmd = parseCommand(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const rt = await bootRuntime(loadEnv());
  try {
    await run(rt, cmd);
  } finally {
    await rt.close();
  }
}

main().catch((e) => {
  if (isDomainError(e)) {
    const details = e.details
      .map((d) => `  ${d.path}: ${d.message}`)
      .filter((line) => line.trim() !== e.message)
      .join("\n");
    console.error(details ? `${e.message}\n${details}` : e.message);
  } else console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
