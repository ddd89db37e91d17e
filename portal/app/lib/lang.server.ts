import { createCookie, redirect } from "react-router";
import { DEFAULT_LANG, isLang, type Lang } from "../i18n/index.ts";

/** The visitor's language choice; a preference, not a secret, but still HttpOnly. */
const langCookie = createCookie("lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export async function langOf(request: Request): Promise<Lang> {
  const value: unknown = await langCookie.parse(request.headers.get("Cookie"));
  return isLang(value) ? value : DEFAULT_LANG;
}

/** Only same-site absolute paths, so the switch cannot be abused as an open redirect. */
function safeRedirectTarget(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return "/";
  }
  return value.slice(0, 2000);
}

/** Store the chosen language and go back to the page the visitor came from. */
export async function switchLang(form: FormData): Promise<Response> {
  const lang = form.get("lang");
  const to = safeRedirectTarget(form.get("redirectTo"));
  if (!isLang(lang)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": await langCookie.serialize(lang) } });
}
