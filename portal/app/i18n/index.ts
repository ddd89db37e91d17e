import { createContext, useCallback, useContext } from "react";
import { en } from "./en.ts";
import { type MessageKey, zhCN } from "./zh-CN.ts";

export type { MessageKey } from "./zh-CN.ts";

/** Languages the portal speaks; the first is the default. */
export const LANGS = ["zh-CN", "en"] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = "zh-CN";

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

const CATALOGS: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

/** Values substituted for `{name}` placeholders. */
export type Vars = Record<string, string | number>;
export type TFunction = (key: MessageKey, vars?: Vars) => string;

/** Look a key up in the catalog of `lang` and fill its placeholders; unknown placeholders stay visible. */
export function t(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text = CATALOGS[lang][key] ?? zhCN[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The language of the current request, provided by the root layout from the root loader. */
export const LangContext = createContext<Lang>(DEFAULT_LANG);

export function useLang(): Lang {
  return useContext(LangContext);
}

/** `const t = useT(); t("nav.home")` in components. */
export function useT(): TFunction {
  const lang = useLang();
  return useCallback((key, vars) => t(lang, key, vars), [lang]);
}

/** A translator for `meta` functions, which run outside React: the language comes from the root match. */
export function metaT(matches: ReadonlyArray<unknown>): TFunction {
  const root = matches.find(
    (m): m is { id: string; loaderData?: unknown } =>
      typeof m === "object" && m !== null && (m as { id?: unknown }).id === "root",
  );
  const data = root?.loaderData as { lang?: unknown } | undefined;
  const lang = isLang(data?.lang) ? data.lang : DEFAULT_LANG;
  return (key, vars) => t(lang, key, vars);
}
