// Encryption, blind indexes and masking of personal data (ID and phone numbers, names).
export * from "./keys.ts";
export * from "./mask.ts";
export * from "./personal-data.ts";
