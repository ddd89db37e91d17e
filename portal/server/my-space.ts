import { z } from "zod";
import { listMyCasesWithClocks } from "../../chain/index.ts";
import { DomainError } from "../../platform/index.ts";
import {
  CASE_STATUSES,
  type Ctx,
  countUnreadMessages,
  deleteDraft,
  deleteMyMaterial,
  getMyResult,
  getSpaceOverview,
  inviteMember,
  listMyCommitments,
  listMyDrafts,
  listMyEnterpriseMembers,
  listMyLibrary,
  listMyMessages,
  listMyResults,
  listScopeItems,
  lookupInvitee,
  markCaseMessagesRead,
  markMessagesRead,
  myMaterialDownloadUrl,
  revokeMyEnterpriseMember,
  uploadMyMaterial,
} from "../../registry/index.ts";
import type { SessionUser } from "../app/services.ts";
import type { MyCasesQuery, MySpaceServices } from "../app/space-services.ts";

const PAGE_SIZE = 20;
/** Messages per page of /space/messages. */
const MESSAGE_PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ZItemCode = z.string().regex(/^[A-Z0-9][A-Z0-9-]{3,39}$/, "事项编码无效");

/** The query string of "my cases": empty fields are absent; anything malformed is one clear VALIDATION. */
const ZCasesQuery = z.object({
  page: z.coerce.number("页码无效").int("页码无效").min(1, "页码无效").max(10_000, "页码无效").default(1),
  status: z.enum(CASE_STATUSES, "状态无效").optional(),
  item: ZItemCode.optional(),
  from: z.iso.date("开始日期格式应为 YYYY-MM-DD").optional(),
  to: z.iso.date("结束日期格式应为 YYYY-MM-DD").optional(),
});

function parseCasesQuery(q: MyCasesQuery) {
  const clean = Object.fromEntries(
    Object.entries(q).filter(([, v]) => typeof v === "string" && v.trim() !== ""),
  ) as Record<string, string>;
  const r = ZCasesQuery.safeParse(clean);
  if (!r.success) {
    const details = r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    throw new DomainError("VALIDATION", [...new Set(details.map((d) => d.message))].join("；"), details);
  }
  return r.data;
}

/** Strings of a posted form field that may be a list (FormData.getAll) or one value. */
function strings(v: unknown): string[] {
  const a = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return a.filter((x): x is string => typeof x === "string" && x.trim() !== "").map((x) => x.trim());
}

/** The space's services bound to one request: `signedIn` gives a use-case context of the signed-in actor. */
export function createMySpaceServices(
  signedIn: () => Promise<{ ctx: Ctx; user: SessionUser }>,
): MySpaceServices<SessionUser> {
  const c = async () => (await signedIn()).ctx;
  return {
    async layout(input = {}) {
      const { ctx, user } = await signedIn();
      const role = user.actingFor.type === "enterprise" ? user.actingFor.role : null;
      // Opening a case reads its messages; an id that is malformed or not the actor's marks nothing here
      // (the case page itself answers 404).
      if (input.openCaseId && UUID.test(input.openCaseId)) await markCaseMessagesRead(ctx, input.openCaseId);
      return {
        user,
        unread: await countUnreadMessages(ctx),
        canManageMembers: role === "legal_rep" || role === "admin",
      };
    },
    async overview() {
      const ctx = await c();
      const o = await getSpaceOverview(ctx);
      return {
        ...o,
        recentMessages: await listMyMessages(ctx, { limit: 5 }),
        drafts: await listMyDrafts(ctx),
      };
    },
    async discardDraft(itemCode) {
      const ctx = await c();
      const code = ZItemCode.safeParse(itemCode);
      if (!code.success) throw new DomainError("VALIDATION", "事项编码无效，请刷新页面后重试");
      await deleteDraft(ctx, code.data);
    },
    async caseCommitment(caseId) {
      const ctx = await c();
      if (!UUID.test(caseId)) return null;
      return (await listMyCommitments(ctx, { caseId }))[0] ?? null;
    },
    async cases(query) {
      const ctx = await c();
      const q = parseCasesQuery(query);
      const filter = { status: q.status, itemCode: q.item, from: q.from, to: q.to };
      const r = await listMyCasesWithClocks(ctx, {
        limit: PAGE_SIZE,
        offset: (q.page - 1) * PAGE_SIZE,
        filter,
      });
      return { ...r, page: q.page, pageSize: PAGE_SIZE, filter };
    },
    materials: async () => listMyLibrary(await c()),
    uploadMaterial: async (input, body) => uploadMyMaterial(await c(), input, body),
    materialLink: async (id) => myMaterialDownloadUrl(await c(), id),
    deleteMaterial: async (id) => deleteMyMaterial(await c(), id),
    results: async () => listMyResults(await c()),
    result: async (id) => getMyResult(await c(), id),
    async messages(query = {}) {
      const ctx = await c();
      const before = query.before?.trim() || null;
      if (before !== null && !/^\d{1,18}$/.test(before))
        throw new DomainError("VALIDATION", "消息页码无效，请从最新消息开始查看");
      // One more than a page tells whether there is an older page.
      const rows = await listMyMessages(ctx, { limit: MESSAGE_PAGE + 1, before: before ?? undefined });
      const messages = rows.slice(0, MESSAGE_PAGE);
      return {
        messages,
        unread: await countUnreadMessages(ctx),
        before,
        older: rows.length > MESSAGE_PAGE ? messages[messages.length - 1]!.id : null,
      };
    },
    markRead: async (ids) => markMessagesRead(await c(), ids),
    members: async () => listMyEnterpriseMembers(await c()),
    scopeItems: async () => listScopeItems(await c()),
    lookupInvitee: async (who) => lookupInvitee(await c(), who),
    async invite(input) {
      const ctx = await c();
      const items = strings(input.scope);
      const validTo = strings(input.validTo)[0] ?? null;
      return inviteMember(ctx, {
        who: input.who,
        role: input.role as "admin",
        scope: items.length === 1 && items[0] === "all" ? "all" : items.filter((i) => i !== "all"),
        validFrom: (strings(input.validFrom)[0] ?? "") as string,
        validTo,
      });
    },
    revokeMember: async (input) => revokeMyEnterpriseMember(await c(), input),
  };
}
