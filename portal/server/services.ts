import type { Request, Response } from "express";
import {
  getApplicantCase,
  getWorkbenchCase,
  listWorkbenchCases,
  performCaseAction,
  performWorkbenchAction,
  pullPriorResults,
  type WorkbenchQueue,
  workbenchQueueCounts,
} from "../../chain/index.ts";
import { DomainError } from "../../platform/index.ts";
import {
  type Actor,
  deleteDraft,
  getApplyContext,
  getItemGuide,
  listCatalog,
  listVerificationTasks,
  PUBLIC,
  resolveVerificationTask,
  saveDraft,
  submitApplication,
  type TSaveDraftInput,
  type TSubmitApplicationInput,
  uploadForApplication,
} from "../../registry/index.ts";
import type { PortalServices } from "../app/services.ts";
import { createAdminServices } from "./admin.ts";
import { parseApplyPayload, parseStep, uploadedFile } from "./apply.ts";
import type { AuthContext } from "./auth/auth-context.ts";
import { createInteractionServices } from "./auth/interaction.ts";
import { createSessionServices, requireSignedIn } from "./auth/session.ts";
import { createChainServices } from "./chains.ts";
import { createMySpaceServices } from "./my-space.ts";
import type { Runtime } from "./runtime.ts";
import { assertSpaceCaseId, spaceCaseAction } from "./space-case.ts";

/**
 * Binds the use cases the pages may call to this request: a fresh unit of work, the request's cookies
 * and client address. Routes get this as their load context and never see the EntityManager.
 */
export function createPortalServices(
  rt: Runtime,
  auth: AuthContext,
  req: Request,
  res: Response,
): PortalServices {
  const ctx = (actor: Actor = PUBLIC) => ({
    em: rt.orm.em.fork(),
    actor,
    now: rt.clock.now(),
    pii: rt.pii,
    storage: rt.storage,
  });
  /** A context for the signed-in actor; anonymous requests get the thrown redirect to sign-in. */
  const signedIn = async () => ctx((await requireSignedIn(rt, auth, req, res)).actor);
  return {
    catalog: {
      listCatalog: (input) => listCatalog(ctx(), input),
      getItemGuide: (code) => getItemGuide(ctx(), code),
    },
    interaction: createInteractionServices(rt, auth, req, res),
    session: createSessionServices(rt, auth, req, res),
    space: {
      async caseDetail(caseId) {
        const c = await signedIn();
        assertSpaceCaseId(caseId);
        return getApplicantCase(c, caseId);
      },
      async act(caseId, input) {
        const c = await signedIn();
        assertSpaceCaseId(caseId);
        return performCaseAction(c, { caseId, ...spaceCaseAction(input) });
      },
    },
    apply: {
      context: async (itemCode) => getApplyContext(await signedIn(), itemCode),
      async saveDraft(itemCode, { step, payload }) {
        const c = await signedIn();
        const input = { itemCode, step: parseStep(step), ...parseApplyPayload(payload) };
        return saveDraft(c, input as TSaveDraftInput);
      },
      deleteDraft: async (itemCode) => deleteDraft(await signedIn(), itemCode),
      async upload(itemCode, { requirementCode, file }) {
        const c = await signedIn();
        const { filename, body } = await uploadedFile(file);
        return uploadForApplication(
          c,
          { itemCode, requirementCode: String(requirementCode), filename },
          body,
        );
      },
      async submit(itemCode, { payload }) {
        const c = await signedIn();
        return submitApplication(c, { itemCode, ...parseApplyPayload(payload) } as TSubmitApplicationInput);
      },
    },
    chains: createChainServices(ctx, signedIn),
    mySpace: createMySpaceServices(async () => {
      const { user, actor } = await requireSignedIn(rt, auth, req, res);
      return { user, ctx: ctx(actor) };
    }),
    workbench: {
      menu: async () => workbenchQueueCounts(await signedIn()),
      list: async ({ queue, page }) =>
        listWorkbenchCases(await signedIn(), { queue: queue as WorkbenchQueue | undefined, page }),
      getCase: async (caseId) => getWorkbenchCase(await signedIn(), caseId),
      act: async (input) => performWorkbenchAction(await signedIn(), input),
      pullPriorResults: async (input) => pullPriorResults(await signedIn(), input),
      verifications: async ({ status, page }) =>
        listVerificationTasks(await signedIn(), {
          status: status as "open" | undefined,
          page: page as number | undefined,
        }),
      resolveVerification: async ({ taskId, passed, finding }) =>
        resolveVerificationTask(await signedIn(), {
          taskId: taskId as string,
          // The form posts "true" / "false"; anything else is left for the schema to refuse.
          passed: (passed === "true" ? true : passed === "false" ? false : passed) as boolean,
          finding: finding as string,
        }),
    },
    admin: createAdminServices(signedIn),
    devMailbox: {
      async list() {
        if (rt.env.NODE_ENV === "production") throw new DomainError("NOT_FOUND", "页面不存在");
        const rows = await rt.orm.em
          .getConnection()
          .execute<{ id: string | number; to_masked: string; body: string; sent_at: Date | string }[]>(
            "select id, to_masked, body, sent_at from sent_message order by id desc limit 50",
            [],
            "all",
          );
        return rows.map((r) => ({
          id: String(r.id),
          toMasked: r.to_masked,
          body: r.body,
          sentAt: new Date(r.sent_at).toISOString(),
        }));
      },
    },
  };
}
