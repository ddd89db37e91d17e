// The client side of identity used by the API: bearer-token verification.
export * from "./verify-bearer.ts";
