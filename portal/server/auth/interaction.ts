import type { Request, Response } from "express";
import {
  formatSubject,
  loadAccountClaims,
  parseSubject,
  sendSignInCode,
  signInWithCode,
  signInWithPassword,
} from "../../../identity/index.ts";
import { DomainError, parseInput } from "../../../platform/index.ts";
import { listMembershipsOfPerson, SYSTEM } from "../../../registry/index.ts";
import type { InteractionOutcome, InteractionView, PortalServices } from "../../app/services.ts";
import type { Runtime } from "../runtime.ts";
import type { AuthContext } from "./auth-context.ts";
import {
  ZChooseInput,
  ZCodeLoginInput,
  ZPasswordLoginInput,
  ZSendCodeInput,
  ZUid,
} from "./interaction.schema.ts";

const PENDING_TTL_SECONDS = 600;

/**
 * The sign-in pages of the built-in provider (OIDC interactions): credentials, then the choice of acting
 * identity for people who belong to enterprises; consent is implicit for the portal (a first-party
 * client). Switching identity within a live provider session needs no password.
 */
export function createInteractionServices(
  rt: Runtime,
  auth: AuthContext,
  req: Request,
  res: Response,
): PortalServices["interaction"] {
  const provider = () => {
    if (!auth.identity) throw new DomainError("NOT_FOUND", "本系统使用外部统一身份认证");
    return auth.identity.provider();
  };
  const ip = req.ip ?? req.socket.remoteAddress ?? "unknown";
  const pendingKey = (uid: string) => `${rt.env.QUEUE_PREFIX}:interaction:${uid}`;
  const ctx = () => ({ em: rt.orm.em.fork(), actor: SYSTEM, now: new Date(), pii: rt.pii });

  /** The interaction this browser is in; a uid of another browser or an expired one is NOT_FOUND. */
  async function current(uid: string) {
    parseInput(ZUid, uid);
    const d = await provider()
      .interactionDetails(req, res)
      .catch(() => null);
    if (!d || d.uid !== uid) throw new DomainError("NOT_FOUND", "登录会话已过期，请重新登录");
    return d;
  }

  async function finishLogin(
    uid: string,
    accountId: string,
    method: string,
  ): Promise<{ redirectTo: string }> {
    await rt.redis.del(pendingKey(uid));
    const redirectTo = await provider().interactionResult(
      req,
      res,
      { login: { accountId, amr: [method], remember: true } },
      { mergeWithLastSubmission: false },
    );
    return { redirectTo };
  }

  async function chooseView(uid: string, personId: string, name: string): Promise<InteractionView> {
    const memberships = await listMembershipsOfPerson(ctx(), personId);
    return {
      uid,
      step: "choose",
      clientName: "云港市政务服务网",
      personName: name,
      identities: [
        { enterpriseId: null, name: `${name}（个人）` },
        ...memberships.map((m) => ({
          enterpriseId: m.enterpriseId,
          name: m.enterprise.name,
          uscc: m.enterprise.uscc,
          role: m.role,
        })),
      ],
      devMailbox: rt.env.NODE_ENV !== "production" && !rt.env.SMS_GATEWAY_URL,
    };
  }

  /** After the person proved who they are: act as asked, or ask whom to act for. */
  async function afterAuthenticated(
    uid: string,
    personId: string,
    name: string,
    method: string,
    actingFor: unknown,
  ): Promise<InteractionOutcome> {
    const requested = typeof actingFor === "string" ? actingFor : undefined;
    if (requested) {
      const sub = formatSubject({ personId, enterpriseId: requested === "self" ? null : requested });
      if (await loadAccountClaims(rt, sub)) return finishLogin(uid, sub, method);
    }
    const memberships = await listMembershipsOfPerson(ctx(), personId);
    if (memberships.length === 0) return finishLogin(uid, personId, method);
    await rt.redis.set(
      pendingKey(uid),
      JSON.stringify({ personId, name, method }),
      "EX",
      PENDING_TTL_SECONDS,
    );
    return { view: await chooseView(uid, personId, name) };
  }

  return {
    async details(uid) {
      const d = await current(uid);
      if (d.prompt.name === "consent") {
        const p = provider();
        const details = d.prompt.details as {
          missingOIDCScope?: string[];
          missingOIDCClaims?: string[];
          missingResourceScopes?: Record<string, string[]>;
        };
        const grant = d.grantId
          ? await p.Grant.find(d.grantId)
          : new p.Grant({ accountId: d.session?.accountId, clientId: String(d.params.client_id) });
        if (!grant) throw new DomainError("NOT_FOUND", "授权已失效，请重新登录");
        if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(" "));
        if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
        for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
          grant.addResourceScope(indicator, scopes.join(" "));
        }
        const grantId = await grant.save();
        const redirectTo = await p.interactionResult(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
        return { redirectTo };
      }
      // Switching identity: the provider session already knows the person, so no password is asked.
      const sessionPerson = d.session?.accountId ? parseSubject(d.session.accountId)?.personId : undefined;
      if (sessionPerson && typeof d.params.acting_for === "string") {
        const claims = await loadAccountClaims(rt, sessionPerson);
        if (claims)
          return afterAuthenticated(uid, sessionPerson, String(claims.name), "session", d.params.acting_for);
      }
      const pending = await rt.redis.get(pendingKey(uid));
      if (pending) {
        const p = JSON.parse(pending) as { personId: string; name: string };
        return { view: await chooseView(uid, p.personId, p.name) };
      }
      return {
        view: {
          uid,
          step: "login",
          clientName: "云港市政务服务网",
          devMailbox: rt.env.NODE_ENV !== "production" && !rt.env.SMS_GATEWAY_URL,
        },
      };
    },

    async passwordLogin(uid, input) {
      const d = await current(uid);
      const data = parseInput(ZPasswordLoginInput, input);
      const r = await signInWithPassword(auth.accounts, { ...data, ip });
      return afterAuthenticated(uid, r.personId, r.name, "pwd", d.params.acting_for);
    },

    async sendCode(uid, input) {
      await current(uid);
      const data = parseInput(ZSendCodeInput, input);
      const r = await sendSignInCode(auth.accounts, { phone: data.phone, ip });
      return { resendAfterSeconds: r.resendAfterSeconds };
    },

    async codeLogin(uid, input) {
      const d = await current(uid);
      const data = parseInput(ZCodeLoginInput, input);
      const r = await signInWithCode(auth.accounts, { ...data, ip });
      return afterAuthenticated(uid, r.personId, r.name, "otp", d.params.acting_for);
    },

    async chooseIdentity(uid, input) {
      await current(uid);
      const data = parseInput(ZChooseInput, input);
      const pending = await rt.redis.get(pendingKey(uid));
      if (!pending) throw new DomainError("EXPIRED", "登录已超时，请重新登录");
      const p = JSON.parse(pending) as { personId: string; method: string };
      const sub = formatSubject({ personId: p.personId, enterpriseId: data.enterpriseId });
      if (!(await loadAccountClaims(rt, sub)))
        throw new DomainError("FORBIDDEN", "您未获授权代表该企业办理业务，或授权已过期");
      return finishLogin(uid, sub, p.method);
    },

    async abort(uid) {
      await current(uid);
      await rt.redis.del(pendingKey(uid));
      const redirectTo = await provider().interactionResult(
        req,
        res,
        { error: "access_denied", error_description: "用户取消了登录" },
        { mergeWithLastSubmission: false },
      );
      return { redirectTo };
    },
  };
}
