// Public API of identity/: the OIDC provider, accounts and the client side used by the portal and the API.

export * from "./accounts/index.ts";
export * from "./client/index.ts";
export * from "./clients/index.ts";
export * from "./identity.entity.ts";
export * from "./provider/accounts.ts";
export * from "./provider/create-provider.ts";
export * from "./provider/pg-adapter.ts";
export * from "./provider/signing-keys.ts";
