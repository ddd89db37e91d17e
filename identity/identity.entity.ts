import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/**
 * Everything oidc-provider persists (sessions, grants, codes, tokens, interactions, …), one row per
 * model and id, so that a restart or another node logs nobody out.
 */
export const OidcPayload = defineEntity({
  name: "OidcPayload",
  tableName: "oidc_payload",
  properties: {
    model: p.string().length(40).primary(),
    id: p.string().length(200).primary(),
    payload: p.json<Record<string, unknown>>(),
    grantId: p.string().length(200).nullable().index(),
    userCode: p.string().length(100).nullable().index(),
    uid: p.string().length(200).nullable().index(),
    expiresAt: p.datetime().nullable().index(),
    consumedAt: p.datetime().nullable(),
  },
});
export type IOidcPayload = InferEntity<typeof OidcPayload>;

/**
 * A token-signing key. The newest active key signs; older ones stay published in the JWKS until every
 * token they signed has expired (`retireAt`), then they are dropped.
 */
export const SigningKey = defineEntity({
  name: "SigningKey",
  tableName: "oidc_signing_key",
  properties: {
    kid: p.string().length(64).primary(),
    alg: p.string().length(10),
    /** The private JWK, encrypted with the platform's AES-256-GCM cipher. */
    privateJwkEnc: p.text(),
    createdAt: p.datetime(),
    /** Set when a newer key takes over; the key is removed from the JWKS after this instant. */
    retireAt: p.datetime().nullable(),
  },
});
export type ISigningKey = InferEntity<typeof SigningKey>;

/** A department system allowed to use the client-credentials grant, bound to one department. */
export const ApiClient = defineEntity({
  name: "ApiClient",
  tableName: "api_client",
  properties: {
    clientId: p.string().length(64).primary(),
    name: p.string().length(100),
    departmentCode: p.string().length(10),
    /** argon2id hash; the secret itself is shown once at creation. */
    secretHash: p.text(),
    scopes: p.array(),
    createdAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  },
});
export type IApiClient = InferEntity<typeof ApiClient>;

/** A person's password (argon2id). Persons without a row sign in by SMS code only. */
export const PersonCredential = defineEntity({
  name: "PersonCredential",
  tableName: "person_credential",
  properties: {
    personId: p.uuid().primary(),
    passwordHash: p.text(),
    updatedAt: p.datetime(),
  },
});
export type IPersonCredential = InferEntity<typeof PersonCredential>;

/** Messages sent through the notification transport; the development mailbox page lists them. */
export const SentMessage = defineEntity({
  name: "SentMessage",
  tableName: "sent_message",
  properties: {
    id: p.bigint("string").primary().autoincrement(),
    channel: p.string().length(10),
    /** The recipient masked, as pages may show it. */
    toMasked: p.string().length(40),
    /** Blind index of the recipient, to list one person's messages. */
    toHash: p.string().length(64).index(),
    body: p.text(),
    transport: p.string().length(20),
    sentAt: p.datetime(),
  },
});
export type ISentMessage = InferEntity<typeof SentMessage>;

/** Every entity of identity/. */
export const identityEntities = [OidcPayload, SigningKey, ApiClient, PersonCredential, SentMessage];
