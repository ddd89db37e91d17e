import type { ConfigProviderProps } from "antd";
import enUSModule from "antd/locale/en_US.js";
import zhCNModule from "antd/locale/zh_CN.js";
import type { Lang } from "../i18n/index.ts";

type Locale = NonNullable<ConfigProviderProps["locale"]>;

/** antd/locale/* is CommonJS: bundlers unwrap its `default`, Node's ESM loader on the server does not. */
function unwrap(mod: Locale | { default: Locale }): Locale {
  return "default" in mod && typeof mod.default === "object" ? mod.default : (mod as Locale);
}

const LOCALES: Record<Lang, Locale> = { "zh-CN": unwrap(zhCNModule), en: unwrap(enUSModule) };

/** antd's own texts (pagination, empty states, date pickers) in the page language. */
export function antdLocale(lang: Lang): Locale {
  return LOCALES[lang];
}
