// Department-system clients for the client-credentials grant (table api_client).
export * from "./api-client.schema.ts";
export { createApiClient } from "./create-api-client.ts";
export { findActiveApiClient, listApiClients } from "./list-api-clients.ts";
export { revokeApiClient } from "./revoke-api-client.ts";
export { clearClientSecretCache, verifyClientSecret } from "./verify-client-secret.ts";
