import { parseArgs } from "node:util";

/** A command line the simulator cannot run with; main.ts prints it with the usage and exits with 2. */
export class UsageError extends Error {}

/** Everything the simulator is told from outside. */
export interface SimOptions {
  /** The department code its client is bound to, e.g. YGSJ. */
  department: string;
  /** Where Tongban serves /oidc and /api/v1. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Address and port of the webhook server (port 0: any free port). */
  host: string;
  port: number;
  /** The URL the platform should POST events to; by default the webhook server's own address. */
  publicUrl?: string;
  decision: "approve" | "deny";
  /**
   * For items without a result type of their own: the type of the new result whose PDF the simulator pushes
   * after an approval (none: it pushes none). An item's own result is issued at 办结 and always gets the PDF.
   */
  resultType?: string;
  /** A JSON file keeping the subscription, the event ids seen and the results pushed across restarts. */
  statePath?: string;
  /** A catch-up pull every so many seconds besides the pushes (0: only at start). */
  pollSeconds: number;
  /** Remove the subscription again when stopped. */
  unsubscribeOnExit: boolean;
}

export const USAGE = `用法:
  npm run dept-sim -- --department <部门编码> --client-id <id> --client-secret <secret> [选项]

选项:
  --department <编码>       业务系统所属部门编码（必填，如 YGSJ）
  --base-url <网址>         通办平台地址（默认 http://127.0.0.1:3000）
  --client-id <id>          客户端编号（或环境变量 DEPT_SIM_CLIENT_ID）
  --client-secret <secret>  客户端密钥（或环境变量 DEPT_SIM_CLIENT_SECRET）
  --host <地址>             推送接收服务监听地址（默认 127.0.0.1）
  --port <端口>             推送接收服务端口（默认 0 = 任一空闲端口）
  --public-url <网址>       平台回调的完整地址（默认 http://<host>:<port>/webhooks）
  --decision <approve|deny> 审批决定（默认 approve）
  --result-type <代码>      事项本身不签发证照时，准予后以该类型回传一份新证照 PDF（不填则不回传）；
                            事项本身签发的证照在办结时由平台签发，模拟器随后上传其 PDF
  --state <文件>            保存订阅、已处理事件和已回传证照的 JSON 文件（重启后继续）
  --poll <秒>               除推送外每隔多少秒补拉一次待办（默认 300，0 = 只在启动时）
  --unsubscribe-on-exit     退出时删除推送订阅
  --help                    显示本说明

客户端需要的权限范围: cases:read, cases:write, results:write, webhooks:manage`;

const OPTIONS = {
  department: { type: "string" },
  "base-url": { type: "string" },
  "client-id": { type: "string" },
  "client-secret": { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  "public-url": { type: "string" },
  decision: { type: "string" },
  "result-type": { type: "string" },
  state: { type: "string" },
  poll: { type: "string" },
  "unsubscribe-on-exit": { type: "boolean" },
  help: { type: "boolean" },
} as const;

function httpUrl(name: string, v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new UsageError(`--${name} 不是有效的网址: ${v}`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new UsageError(`--${name} 须为 http(s) 网址`);
  return u.href.replace(/\/$/, "");
}

function integer(name: string, v: string, min: number, max: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`--${name} 应为 ${min}-${max} 的整数: ${v}`);
  }
  return Number(v);
}

/** Reads the command line (and the two environment variables); `null` means: print the usage, exit 0. */
export function parseSimOptions(argv: string[], env: NodeJS.ProcessEnv = {}): SimOptions | null {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) return null;
  if (positionals.length) throw new UsageError(`多余的参数: ${positionals.join(" ")}`);
  const department = values.department;
  if (!department) throw new UsageError("缺少 --department");
  if (!/^[A-Z]{2,10}$/.test(department)) throw new UsageError(`部门编码应为 2-10 位大写字母: ${department}`);
  const clientId = values["client-id"] ?? env.DEPT_SIM_CLIENT_ID;
  const clientSecret = values["client-secret"] ?? env.DEPT_SIM_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    throw new UsageError(
      "缺少 --client-id / --client-secret（或环境变量 DEPT_SIM_CLIENT_ID / DEPT_SIM_CLIENT_SECRET）",
    );
  }
  const decision = values.decision ?? "approve";
  if (decision !== "approve" && decision !== "deny") {
    throw new UsageError(`--decision 只能是 approve 或 deny: ${decision}`);
  }
  const resultType = values["result-type"];
  if (resultType !== undefined && !/^[A-Z][A-Z0-9_]{1,39}$/.test(resultType)) {
    throw new UsageError(`--result-type 应为大写字母、数字和下划线组成的证照类型代码: ${resultType}`);
  }
  const host = values.host ?? "127.0.0.1";
  if (!/^[\w.:-]{1,255}$/.test(host)) throw new UsageError(`--host 不是有效的地址: ${host}`);
  if (values.state === "") throw new UsageError("--state 需要文件路径");
  return {
    department,
    baseUrl: httpUrl("base-url", values["base-url"] ?? "http://127.0.0.1:3000"),
    clientId,
    clientSecret,
    host,
    port: integer("port", values.port ?? "0", 0, 65535),
    publicUrl: values["public-url"] === undefined ? undefined : httpUrl("public-url", values["public-url"]),
    decision,
    resultType,
    statePath: values.state,
    pollSeconds: integer("poll", values.poll ?? "300", 0, 86_400),
    unsubscribeOnExit: values["unsubscribe-on-exit"] ?? false,
  };
}
