// Public API of identity/accounts: password and SMS-code sign-in, passwords and the SMS transport.
export {
  type AccountDeps,
  type AccountLimits,
  DEFAULT_ACCOUNT_LIMITS,
  type Limit,
  type SignInResult,
} from "./account-deps.ts";
export { PASSWORD_MAX, PASSWORD_MIN } from "./password-hash.ts";
export { sendSignInCode, signInCodeMessage } from "./send-sign-in-code.ts";
export { seedDemoPasswords, setPassword } from "./set-password.ts";
export { signInWithCode } from "./sign-in-with-code.ts";
export { signInWithPassword } from "./sign-in-with-password.ts";
export { createSmsTransport, type SmsTransport } from "./sms-transport.ts";
