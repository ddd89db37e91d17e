import type {
  ApplicantCaseView,
  CaseAction,
  CaseActionOutcome,
  ChainAmendContextView,
  ChainApplicationOutcome,
  ChainApplyContextView,
  ChainGuideView,
  ChainListEntry,
  ChainProgressPage,
  MyChainEntry,
  PriorResult,
  WorkbenchActionOutcome,
  WorkbenchCaseDetail,
  WorkbenchCaseList,
  WorkbenchMenu,
} from "../../chain/index.ts";
import type {
  ApplyContextView,
  CalendarImportOutcome,
  CaseView,
  CatalogView,
  DraftView,
  ItemGuideView,
  MaterialView,
  VerificationTaskList,
  WebhookAdminView,
  WebhookSubscriptionView,
  WorkCalendarOverview,
} from "../../registry/index.ts";
import type { MySpaceServices } from "./space-services.ts";

/** The signed-in person as pages see them: who they are and whom they act for. */
export interface SessionUser {
  personId: string;
  name: string;
  idNumberMasked: string;
  realNameLevel: number;
  /** Staff posts (department code and roles) when acting as themself. */
  staffPosts: { department: string; roles: string[] }[];
  actingFor:
    | { type: "person"; name: string }
    | {
        type: "enterprise";
        enterpriseId: string;
        uscc: string;
        name: string;
        role: "legal_rep" | "admin" | "agent";
        scope: "all" | string[];
      };
  /** Enterprises the person may switch to without signing in again. */
  enterprises: { enterpriseId: string; uscc: string; name: string; role: string }[];
}

/** A text message as the development mailbox shows it (the number masked). */
export interface DevMailboxMessage {
  id: string;
  toMasked: string;
  body: string;
  sentAt: string;
}

/** What the sign-in page (an OIDC interaction) shows. */
export interface InteractionView {
  uid: string;
  /** login: ask for credentials; choose: pick the acting identity; consent is granted automatically for the portal. */
  step: "login" | "choose";
  clientName: string;
  /** Set at the choose step. */
  personName?: string;
  identities?: { enterpriseId: string | null; name: string; uscc?: string; role?: string }[];
  /** In development, sign-in codes are readable at /dev/mailbox. */
  devMailbox: boolean;
}

export type InteractionOutcome = { redirectTo: string } | { view: InteractionView };

/**
 * What the applicant's case page posts, as the form sends it: `intent` (supplement or withdraw), the version
 * the page showed, the materials ticked as supplied (supplement) and an optional reason (withdraw).
 */
export interface SpaceCaseActInput {
  intent: unknown;
  version: unknown;
  codes?: unknown[];
  /** Material code → library material id chosen for it (fields `material.<code>`; empty ones left out). */
  materials?: Record<string, unknown>;
  reason?: unknown;
}

/**
 * What loaders and actions may call. The server builds it per request from the use cases and passes it
 * as the load context, so route modules import types only and never touch the EntityManager.
 */
export interface PortalServices {
  catalog: {
    listCatalog(input: { q?: string; department?: string }): Promise<CatalogView>;
    /** Throws DomainError NOT_FOUND for an unknown code. */
    getItemGuide(code: string): Promise<ItemGuideView>;
  };
  /** The sign-in pages of the built-in identity service. */
  interaction: {
    /** Throws DomainError NOT_FOUND when the interaction expired or belongs to another browser. */
    details(uid: string): Promise<InteractionOutcome>;
    passwordLogin(uid: string, input: { login: string; password: string }): Promise<InteractionOutcome>;
    sendCode(uid: string, input: { phone: string }): Promise<{ resendAfterSeconds: number }>;
    codeLogin(uid: string, input: { phone: string; code: string }): Promise<InteractionOutcome>;
    chooseIdentity(uid: string, input: { enterpriseId: string | null }): Promise<{ redirectTo: string }>;
    abort(uid: string): Promise<{ redirectTo: string }>;
  };
  session: {
    /** The signed-in user, or null; refreshes tokens when needed (a revoked delegation signs out). */
    currentUser(): Promise<SessionUser | null>;
  };
  /** The signed-in actor's space; anonymous callers get a thrown redirect to sign-in. */
  space: {
    /** One of the actor's cases; NOT_FOUND for anyone else's (or a malformed id). */
    caseDetail(caseId: string): Promise<ApplicantCaseView>;
    /** Answer a supplement notice or withdraw: VALIDATION, INVALID_STATE, CONFLICT or NOT_FOUND write nothing. */
    act(caseId: string, input: SpaceCaseActInput): Promise<CaseActionOutcome>;
  };
  /**
   * Online application by the acting identity (anonymous → redirect to sign-in; staff, an item outside an
   * agent's scope → FORBIDDEN). `payload` is the JSON the apply page posts; refusals write nothing.
   */
  apply: {
    context(itemCode: string): Promise<ApplyContextView>;
    saveDraft(itemCode: string, input: { step: unknown; payload: unknown }): Promise<DraftView>;
    deleteDraft(itemCode: string): Promise<void>;
    /** A new file for one requirement, stored in the applicant's library (413 / 415 for a bad file). */
    upload(itemCode: string, input: { requirementCode: unknown; file: unknown }): Promise<MaterialView>;
    submit(itemCode: string, input: { payload: unknown }): Promise<CaseView>;
  };
  /**
   * Business chains (一件事): the public list and guides; the combined application by the acting identity
   * (anonymous → sign-in; staff, wrong subject, out of scope → FORBIDDEN); the applicant's instances and their
   * progress (also for staff of a department handling one of the chain's items; anyone else NOT_FOUND).
   * Refusals write nothing.
   */
  chains: {
    list(): Promise<ChainListEntry[]>;
    /** NOT_FOUND for an unknown code. */
    guide(code: string): Promise<ChainGuideView>;
    applyContext(code: string): Promise<ChainApplyContextView>;
    /** A new file for one material of the chain, stored in the applicant's library. */
    upload(code: string, input: { requirementCode: unknown; file: unknown }): Promise<MaterialView>;
    /** `payload`: the apply page's JSON `{ formData, materials, registered }`. */
    submit(code: string, input: { payload: unknown }): Promise<ChainApplicationOutcome>;
    mine(): Promise<MyChainEntry[]>;
    progress(instanceId: string): Promise<ChainProgressPage>;
    amendContext(instanceId: string): Promise<ChainAmendContextView>;
    /** `target`: "stage:itemCode" of a failed item; `payload` as for submit. */
    resubmit(
      instanceId: string,
      input: { target: unknown; payload: unknown },
    ): Promise<{ caseId: string; instanceNo: string }>;
    withdraw(
      instanceId: string,
      input: { reason: unknown },
    ): Promise<{ status: string; withdrawnCases: number }>;
  };
  /** The pages of the space: overview, cases, materials, results, messages, members. */
  mySpace: MySpaceServices<SessionUser>;
  /** The clerk and department workbench; anonymous → redirect to sign-in, non-staff → FORBIDDEN. */
  workbench: {
    menu(): Promise<WorkbenchMenu>;
    /** A page of a queue (the actor's default queue when none is given); VALIDATION for a bad queue. */
    list(input: { queue?: string; page: number }): Promise<WorkbenchCaseList>;
    /** NOT_FOUND unless the case belongs to the actor's department. */
    getCase(caseId: string): Promise<WorkbenchCaseDetail>;
    /** VALIDATION, INVALID_STATE, FORBIDDEN, CONFLICT (stale version) or NOT_FOUND; nothing is written then. */
    act(input: {
      caseId: string;
      action: CaseAction;
      expectedVersion: number | string;
    }): Promise<WorkbenchActionOutcome>;
    /** Audited; VALIDATION without a purpose. */
    pullPriorResults(input: { caseId: string; purpose: string }): Promise<PriorResult[]>;
    /** 告知承诺 verification tasks of the staff member's department (VALIDATION for a bad status or page). */
    verifications(input: { status?: unknown; page?: unknown }): Promise<VerificationTaskList>;
    /** Closes an open task with its finding; a failed one (approver only) revokes the licence. */
    resolveVerification(input: {
      taskId: unknown;
      passed: unknown;
      finding: unknown;
    }): Promise<{ status: string; revokedResults: number }>;
  };
  /**
   * Administration: department push subscriptions (webhooks). A platform admin manages every department, a
   * dept_admin their own; anyone else FORBIDDEN. Refusals (VALIDATION, NOT_FOUND, INVALID_STATE) write nothing.
   */
  admin: {
    webhooks(): Promise<WebhookAdminView>;
    /** The secret is returned this once. */
    createWebhook(input: {
      departmentCode: unknown;
      url: unknown;
      eventTypes: unknown[];
    }): Promise<{ subscription: WebhookSubscriptionView; secret: string }>;
    /** `active`: "true" / "false" as the form posts it. */
    updateWebhook(input: {
      id: unknown;
      url: unknown;
      eventTypes: unknown[];
      active: unknown;
    }): Promise<WebhookSubscriptionView>;
    /** Only a dead letter may be retried. */
    retryWebhook(deliveryId: unknown): Promise<void>;
    /** The work calendar: covered years and their days, how far time limits can be counted (admin, dept_admin). */
    calendar(): Promise<WorkCalendarOverview>;
    /**
     * Imports a State Council notice, replacing the years it lists; platform admins only. `csv`: the pasted text,
     * or an uploaded file's bytes (UTF-8 or GBK).
     */
    importCalendar(csv: unknown): Promise<CalendarImportOutcome>;
  };
  /** Development only: the text messages the dev SMS transport "sent". Throws NOT_FOUND in production. */
  devMailbox: {
    /** The newest 50 messages, newest first. */
    list(): Promise<DevMailboxMessage[]>;
  };
}

declare module "react-router" {
  interface AppLoadContext {
    services: PortalServices;
  }
}
