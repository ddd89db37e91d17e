import type { CaseSummaryWithClock } from "../../chain/index.ts";
import type {
  ApplicantCommitmentView,
  InviteePreview,
  LibraryMaterial,
  MaterialView,
  MyDraft,
  ResultView,
  ScopeItem,
  SpaceMember,
  SpaceMessage,
  SpaceOverview,
} from "../../registry/index.ts";

/** The filters of "my cases" as the page sends them (the query string, validated by the server). */
export interface MyCasesQuery {
  page?: string | null;
  status?: string | null;
  item?: string | null;
  from?: string | null;
  to?: string | null;
}

/**
 * The pages of the signed-in actor's space (`/space/...`). Every call checks the actor in the use case;
 * anonymous callers get a thrown redirect to sign-in, another subject's ids NOT_FOUND, bad input VALIDATION.
 * `User` is the session user of services.ts (a parameter, so the two contract files do not import each other).
 */
export interface MySpaceServices<User> {
  /**
   * Who the actor is, whether they may manage members, and their unread messages (the navigation). With
   * `openCaseId` (the case page being opened) that case's messages are marked read first, so the badge counts
   * what is still unread once the page shows.
   */
  layout(input?: {
    openCaseId?: string | null;
  }): Promise<{ user: User; unread: number; canManageMembers: boolean }>;
  overview(): Promise<SpaceOverview & { recentMessages: SpaceMessage[]; drafts: MyDraft[] }>;
  /** Discards the applicant's draft of an item (VALIDATION for a malformed code; nothing when there is none). */
  discardDraft(itemCode: unknown): Promise<void>;
  /** The 告知承诺 commitment of one of the actor's cases and its verification, or null. */
  caseCommitment(caseId: string): Promise<ApplicantCommitmentView | null>;
  cases(query: MyCasesQuery): Promise<{
    total: number;
    cases: CaseSummaryWithClock[];
    page: number;
    pageSize: number;
    filter: { status?: string; itemCode?: string; from?: string; to?: string };
  }>;
  materials(): Promise<LibraryMaterial[]>;
  /** Size (20 MB) and sniffed type (pdf, jpg, png, ofd) are checked by storeMaterial; nothing is written on refusal. */
  uploadMaterial(
    input: { title: unknown; filename: unknown; validUntil?: unknown; supersedesId?: unknown },
    body: Buffer,
  ): Promise<MaterialView>;
  /** A short-lived signed download link. */
  materialLink(materialId: string): Promise<string>;
  /** INVALID_STATE while a case in progress uses it. */
  deleteMaterial(materialId: string): Promise<void>;
  results(): Promise<ResultView[]>;
  result(resultId: string): Promise<ResultView & { downloadUrl: string | null }>;
  /**
   * A page of messages, newest first: the newest ones, or those before the event id `before` (VALIDATION
   * when malformed); `older` is the cursor of the next older page, null at the end.
   */
  messages(query?: { before?: string | null }): Promise<{
    messages: SpaceMessage[];
    unread: number;
    before: string | null;
    older: string | null;
  }>;
  /** Marks the given event ids (or "all") read; returns how many were newly marked. */
  markRead(ids: string[] | "all"): Promise<number>;
  /** Legal representative and admins only (FORBIDDEN otherwise). */
  members(): Promise<SpaceMember[]>;
  /** The catalog items an agent's scope may name (active, open to enterprises). */
  scopeItems(): Promise<ScopeItem[]>;
  lookupInvitee(who: unknown): Promise<InviteePreview>;
  invite(input: {
    who: unknown;
    role: unknown;
    scope: unknown;
    validFrom: unknown;
    validTo: unknown;
  }): Promise<SpaceMember>;
  revokeMember(input: { memberId: unknown; reason: unknown }): Promise<SpaceMember>;
}
