import { randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { SimOptions } from "./options.ts";
import { ApiError, PlatformClient } from "./platform-client.ts";
import { resultPdf } from "./result-pdf.ts";
import { type PushedEvent, SeenEvents, startReceiver } from "./webhook-receiver.ts";

/** The scopes the simulator asks for: read and act on cases, push results, register its webhook. */
export const SIM_SCOPES = ["cases:read", "cases:write", "results:write", "webhooks:manage"];
/** The events it subscribes to: new cases, every step of its cases (a supplement brings one back), results. */
export const SIM_EVENTS = ["case.submitted", "case.event", "result.issued"];
/** Statuses the department can move on; the others wait for the applicant or are over. */
const ACTIONABLE = ["submitted", "accepted", "in_review", "decided"];
const FINISHED = new Set(["concluded", "refused", "returned", "withdrawn", "terminated"]);

/** What survives a restart (the --state file). */
interface SimState {
  subscription: { id: string; url: string; secret: string } | null;
  seenEvents: string[];
  /** case id → number of the result pushed for it. */
  pushedResults: Record<string, string>;
}

/** The case as GET /api/v1/cases/{id} answers (the parts used here). */
interface CaseDetail {
  id: string;
  caseNo: string;
  itemCode: string;
  status: string;
  version: number;
  decision: { approve: boolean; on?: string } | null;
  currentStep: { code: string; name: string };
  allowedActions: string[];
  /** The result type the item issues itself at an approving 办结; null when it issues none. */
  resultTypeCode: string | null;
  /** The results issued for the case; `hasFile` tells whether its PDF is attached. */
  results: { id: string; number: string; resultTypeCode: string; status: string; hasFile: boolean }[];
}

const LABEL: Record<string, string> = {
  accept: "受理",
  review: "审查通过",
  decide: "作出决定",
  conclude: "办结",
};

/** A running simulator. */
export interface DeptSim {
  /** Where the platform pushes events. */
  webhookUrl: string;
  subscriptionId: string;
  /** The subscription's signing secret. */
  secret: string;
  stats: { received: number; duplicates: number; refused: number; actions: number; results: number };
  /** Resolves when no case is being processed. */
  idle(): Promise<void>;
  /** Pulls the department's open cases and processes them (done at start, and every --poll seconds). */
  catchUp(reason: string): Promise<number>;
  stop(): Promise<void>;
}

async function loadState(path: string | undefined): Promise<SimState> {
  const empty: SimState = { subscription: null, seenEvents: [], pushedResults: {} };
  if (!path) return empty;
  try {
    const s = JSON.parse(await readFile(path, "utf8"));
    return {
      subscription: s.subscription ?? null,
      seenEvents: Array.isArray(s.seenEvents) ? s.seenEvents.map(String) : [],
      pushedResults: typeof s.pushedResults === "object" && s.pushedResults ? s.pushedResults : {},
    };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return empty;
    throw new Error(`无法读取状态文件 ${path}: ${(e as Error).message}`);
  }
}

const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Starts the reference department system: token, webhook server, subscription, catch-up of open cases, then
 * every pushed case is pulled, accepted, reviewed, decided and concluded; the result the platform issues at
 * 办结 (an item with its own result type) then gets the simulator's PDF, and an item without one gets a new
 * result of --result-type.
 */
export async function startDeptSim(
  o: SimOptions,
  log: (line: string) => void = (l) =>
    console.log(`${new Date().toISOString()} [dept-sim ${o.department}] ${l}`),
): Promise<DeptSim> {
  const state = await loadState(o.statePath);
  const seen = new SeenEvents(state.seenEvents);
  let saving = Promise.resolve();
  const save = () => {
    if (!o.statePath) return saving;
    const path = o.statePath;
    const snapshot = JSON.stringify({ ...state, seenEvents: seen.toJSON() }, null, 2);
    // One write at a time, each complete (temporary file, then rename), readable only by its owner.
    saving = saving
      .then(async () => {
        await writeFile(`${path}.tmp`, snapshot, { mode: 0o600 });
        await rename(`${path}.tmp`, path);
      })
      .catch((e) => log(`状态文件写入失败：${(e as Error).message}`));
    return saving;
  };

  const api = new PlatformClient({ ...o, scopes: SIM_SCOPES, log });
  await api.connect();

  const stats = { received: 0, duplicates: 0, refused: 0, actions: 0, results: 0 };
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();

  /** Processes a case now, or once more after the run in progress (pushes about one case come in bursts). */
  function schedule(caseId: string): void {
    if (running.has(caseId)) {
      again.add(caseId);
      return;
    }
    const run = (async () => {
      do {
        again.delete(caseId);
        try {
          await advance(caseId);
        } catch (e) {
          log(`办件 ${caseId} 处理失败：${(e as Error).message}`);
        }
      } while (again.has(caseId));
      running.delete(caseId);
    })();
    running.set(caseId, run);
  }

  /**
   * The action the case's current step calls for, among those allowedActions offers (what the platform's flow
   * engine accepts now): 受理 at the accept step; once decided, 办结; the decision where it is offered (the
   * decide step, or the conclude step of a flow without one); otherwise a review step (审查, 复核 …) is passed.
   */
  function nextAction(c: CaseDetail): Record<string, unknown> | null {
    const allowed = new Set(c.allowedActions);
    const code = c.currentStep.code;
    if (code === "accept") return allowed.has("accept") ? { type: "accept" } : null;
    if (c.decision) return allowed.has("conclude") ? { type: "conclude" } : null;
    if (allowed.has("decide")) {
      return o.decision === "approve"
        ? { type: "decide", approve: true, reasons: "经审查，申请符合法定条件，准予许可" }
        : { type: "decide", approve: false, reasons: "经审查，申请不符合法定条件，不予许可" };
    }
    // At the decide step `review` would only send the case back; the simulator never does.
    if (code === "decide" || code === "conclude") return null;
    return allowed.has("review")
      ? { type: "review", pass: true, opinion: "材料齐全，符合法定形式（业务系统审查）" }
      : null;
  }

  /**
   * Pushes the case's PDF: of the item's own result type onto the result issued at 办结 (`number` given: the
   * platform attaches the file and answers 200), or of --result-type as a new result (201).
   */
  async function pushResult(c: CaseDetail, type: string, number?: string): Promise<void> {
    const validFrom = /^\d{4}-\d{2}-\d{2}$/.test(c.decision?.on ?? "") ? c.decision!.on! : chinaToday();
    // Built from the case alone, so a retry sends the same bytes under the same Idempotency-Key.
    const pdf = resultPdf([
      `Tongban result ${type}${number ? ` ${number}` : ""}`,
      `Case: ${c.caseNo}`,
      `Item: ${c.itemCode}`,
      `Issuing department: ${o.department}`,
      `Valid from: ${validFrom}`,
      "Issued by the reference department system (dept-sim).",
    ]);
    const metadata = { resultTypeCode: type, data: { caseNo: c.caseNo }, validFrom };
    let r: { number: string };
    try {
      r = await api.call<{ number: string }>("POST", `/cases/${c.id}/results`, {
        idempotencyKey: `dept-sim:${c.id}:result`,
        form: () => {
          const f = new FormData();
          f.set("metadata", JSON.stringify(metadata));
          f.set("file", new Blob([new Uint8Array(pdf)], { type: "application/pdf" }), `${c.caseNo}.pdf`);
          return f;
        },
      });
    } catch (e) {
      // Someone else attached the file first (another instance, a clerk): nothing left to do for this case.
      if (number && e instanceof ApiError && e.status === 409 && e.problem?.code === "INVALID_STATE") {
        state.pushedResults[c.id] = number;
        await save();
        log(`证照 ${number} 未上传 PDF：${e.problem?.detail ?? e.message}`);
        return;
      }
      throw e;
    }
    state.pushedResults[c.id] = r.number;
    stats.results++;
    await save();
    log(
      number
        ? `上传证照 PDF ${r.number}（办件 ${c.caseNo} 办结时签发，PDF ${pdf.length} 字节）`
        : `回传证照 ${r.number}（办件 ${c.caseNo}，PDF ${pdf.length} 字节）`,
    );
  }

  /** The result issued at 办结 for the item's own type that still lacks its PDF, if any. */
  const ownResultWithoutFile = (c: CaseDetail) =>
    c.resultTypeCode
      ? c.results.find((r) => r.resultTypeCode === c.resultTypeCode && r.status !== "revoked" && !r.hasFile)
      : undefined;

  /** Takes the case as far as the department can: one action per round, each on the version just read. */
  async function advance(caseId: string): Promise<void> {
    for (let round = 0; round < 12; round++) {
      const c = await api.call<CaseDetail>("GET", `/cases/${encodeURIComponent(caseId)}`);
      if (FINISHED.has(c.status)) {
        if (round > 0) log(`办件 ${c.caseNo} 已结束（${c.status}）`);
        // The item's own result was issued at 办结 without a file: its PDF goes onto that result.
        const own = ownResultWithoutFile(c);
        if (own && !state.pushedResults[c.id]) await pushResult(c, own.resultTypeCode, own.number);
        return;
      }
      const action = nextAction(c);
      if (!action) return; // waiting for the applicant (补正) or a special procedure
      // An item without a result of its own: --result-type is pushed as a new result before 办结.
      if (
        action.type === "conclude" &&
        c.decision?.approve &&
        !c.resultTypeCode &&
        o.resultType &&
        !state.pushedResults[c.id]
      ) {
        await pushResult(c, o.resultType);
      }
      try {
        const out = await api.call<{ version: number; status: string }>("POST", `/cases/${c.id}/actions`, {
          json: { action, expectedVersion: c.version },
          idempotencyKey: `dept-sim:${c.id}:v${c.version}:${action.type}`,
        });
        stats.actions++;
        const what = action.type === "decide" ? (o.decision === "approve" ? "准予" : "不予许可") : "";
        log(
          `${LABEL[String(action.type)]}${what ? `（${what}）` : ""} ${c.caseNo}：v${c.version} → v${out.version}，${out.status}`,
        );
      } catch (e) {
        // Someone (a clerk, another instance) moved the case first: read it again and carry on from there.
        if (e instanceof ApiError && e.status === 409 && e.problem?.code === "CONFLICT") {
          log(`办件 ${c.caseNo} 已被他人更新（${e.problem?.code ?? 409}），重新读取`);
          continue;
        }
        throw e;
      }
    }
  }

  function onEvent(e: PushedEvent): void {
    const d = e.data ?? {};
    if (e.department !== o.department) {
      log(`推送 #${e.id} 属于部门 ${e.department}，不予处理`);
      return;
    }
    if (e.type === "result.issued") {
      log(`收到推送 result.issued #${e.id}：证照 ${String(d.number)} 已签发`);
      return;
    }
    const caseId = typeof d.caseId === "string" ? d.caseId : null;
    const step = e.type === "case.event" ? ` ${String(d.stage ?? "")}/${String(d.action ?? "")}` : "";
    log(`收到推送 ${e.type} #${e.id}：办件 ${String(d.caseNo ?? caseId)}${step}`);
    if (caseId) schedule(caseId);
  }

  let secret: string | null = null;
  const path = o.publicUrl ? new URL(o.publicUrl).pathname || "/" : "/webhooks";
  const receiver = await startReceiver({
    host: o.host,
    port: o.port,
    path,
    secret: () => secret,
    seen,
    onEvent,
    onSeen: () => void save(),
    log,
    stats,
  });
  const server: Server = receiver.server;
  const webhookUrl =
    o.publicUrl ?? `http://${o.host.includes(":") ? `[${o.host}]` : o.host}:${receiver.port}${path}`;
  log(`推送接收服务已启动：${webhookUrl}`);

  // The secret is shown only when a subscription is created: keep ours if the state file has it, otherwise
  // replace the ones pointing here (whose secret is lost) with a new one.
  const listed = (
    await api.call<{ rows: { id: string; url: string; active: boolean }[] }>("GET", "/webhooks")
  ).rows;
  const kept = state.subscription;
  if (
    kept &&
    listed.some((s) => s.id === kept.id && s.url === webhookUrl && s.active) &&
    kept.url === webhookUrl
  ) {
    secret = kept.secret;
    log(`沿用推送订阅 ${kept.id}`);
  } else {
    for (const s of listed.filter((s) => s.url === webhookUrl || s.id === kept?.id)) {
      await api.call("DELETE", `/webhooks/${s.id}`);
      log(`删除旧推送订阅 ${s.id}（${s.url}）`);
    }
    const created = await api.call<{ id: string; secret: string }>("POST", "/webhooks", {
      json: { url: webhookUrl, eventTypes: SIM_EVENTS },
      idempotencyKey: `dept-sim:subscribe:${randomUUID()}`,
    });
    state.subscription = { id: created.id, url: webhookUrl, secret: created.secret };
    secret = created.secret;
    await save();
    log(`已登记推送订阅 ${created.id}（${SIM_EVENTS.join("、")}）`);
  }
  const subscriptionId = state.subscription!.id;

  async function catchUp(reason: string): Promise<number> {
    let n = 0;
    for (const status of ACTIONABLE) {
      let cursor: string | null = null;
      do {
        const q: string = `status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const page = await api.call<{ rows: { id: string }[]; nextCursor: string | null }>(
          "GET",
          `/cases?${q}`,
        );
        for (const r of page.rows) schedule(r.id);
        n += page.rows.length;
        cursor = page.nextCursor;
      } while (cursor);
    }
    log(`${reason}：待处理办件 ${n} 件`);
    return n;
  }
  await catchUp("启动补拉");

  const timer =
    o.pollSeconds > 0
      ? setInterval(() => {
          catchUp("定时补拉").catch((e) => log(`定时补拉失败：${(e as Error).message}`));
        }, o.pollSeconds * 1000)
      : null;
  timer?.unref();

  const idle = async () => {
    while (running.size) await Promise.all([...running.values()]);
  };

  return {
    webhookUrl,
    subscriptionId,
    get secret() {
      return secret!;
    },
    stats,
    idle,
    catchUp,
    async stop() {
      if (timer) clearInterval(timer);
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await idle();
      if (o.unsubscribeOnExit) {
        await api.call("DELETE", `/webhooks/${subscriptionId}`).catch(() => {});
        state.subscription = null;
        log(`已删除推送订阅 ${subscriptionId}`);
      }
      await save();
    },
  };
}
