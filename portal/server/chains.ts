import {
  getChainAmendContext,
  getChainApplyContext,
  getChainGuide,
  getChainProgressPage,
  listChains,
  listMyChains,
  resubmitChainAmend,
  submitChainApply,
  uploadForChain,
  withdrawChain,
} from "../../chain/index.ts";
import { DomainError } from "../../platform/index.ts";
import type { Actor, Ctx } from "../../registry/index.ts";
import type { PortalServices } from "../app/services.ts";
import { parseApplyPayload, uploadedFile } from "./apply.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STALE_FORM = "请求无效，请刷新页面后重试";

/** An instance id that cannot name an instance is answered like an unknown one. */
function instanceId(id: unknown): string {
  if (typeof id !== "string" || !UUID.test(id)) throw new DomainError("NOT_FOUND", "未找到该业务链办件");
  return id;
}

/** The "stage:itemCode" of the item to file again, as the amend page posts it. */
function target(v: unknown): { stage: string; itemCode: string } {
  const m = typeof v === "string" ? /^([a-z][a-z0-9_]{1,29}):([A-Z0-9][A-Z0-9-]{3,39})$/.exec(v) : null;
  if (!m) throw new DomainError("VALIDATION", "请选择要重新提交的事项");
  return { stage: m[1]!, itemCode: m[2]! };
}

/** The chains part of the portal services (see PortalServices.chains). */
export function createChainServices(
  ctx: (actor?: Actor) => Ctx,
  signedIn: () => Promise<Ctx>,
): PortalServices["chains"] {
  return {
    list: () => listChains(ctx()),
    guide: (code) => getChainGuide(ctx(), code),
    applyContext: async (code) => getChainApplyContext(await signedIn(), code),
    async upload(code, { requirementCode, file }) {
      const c = await signedIn();
      const { filename, body } = await uploadedFile(file);
      return uploadForChain(c, { chainCode: code, requirementCode: String(requirementCode), filename }, body);
    },
    async submit(code, { payload }) {
      const c = await signedIn();
      return submitChainApply(c, code, parseApplyPayload(payload));
    },
    mine: async () => listMyChains(await signedIn()),
    async progress(id) {
      const c = await signedIn();
      return getChainProgressPage(c, instanceId(id));
    },
    async amendContext(id) {
      const c = await signedIn();
      return getChainAmendContext(c, instanceId(id));
    },
    async resubmit(id, input) {
      const c = await signedIn();
      const which = target(input.target);
      return resubmitChainAmend(c, {
        instanceId: instanceId(id),
        ...which,
        payload: parseApplyPayload(input.payload),
      });
    },
    async withdraw(id, { reason }) {
      const c = await signedIn();
      if (typeof reason !== "string") throw new DomainError("VALIDATION", STALE_FORM);
      return withdrawChain(c, { instanceId: instanceId(id), reason });
    },
  };
}
