import { App as AntApp, ConfigProvider } from "antd";
import resetHref from "antd/dist/reset.css?url";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn.js";
import type { ReactNode } from "react";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import appCssHref from "./app.css?url";
import { AppShell } from "./components/app-shell.tsx";
import { ErrorPage } from "./components/error-page.tsx";
import { DEFAULT_LANG, LangContext, metaT } from "./i18n/index.ts";
import { antdLocale } from "./lib/antd-locale.ts";
import { langOf } from "./lib/lang.server.ts";
import { theme } from "./theme.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: resetHref },
  { rel: "stylesheet", href: appCssHref },
];

export async function loader({ request, context }: Route.LoaderArgs) {
  const [lang, user] = await Promise.all([langOf(request), context.services.session.currentUser()]);
  return { lang, user };
}

export function meta({ error, matches }: Route.MetaArgs) {
  const t = metaT(matches);
  if (!error) return [{ title: t("site.shortName") }];
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return [{ title: t(notFound ? "meta.notFound" : "meta.error") }];
}

/** The document; also wraps the ErrorBoundary, so error pages keep the header, footer and language. */
export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const lang = data?.lang ?? DEFAULT_LANG;
  // dayjs keeps its locale globally; antd's date components read it, so follow the page language.
  dayjs.locale(lang === "en" ? "en" : "zh-cn");
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <LangContext value={lang}>
          <ConfigProvider locale={antdLocale(lang)} theme={theme}>
            <AntApp>
              <AppShell user={data?.user ?? null}>{children}</AppShell>
            </AntApp>
          </ConfigProvider>
        </LangContext>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function Root() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <ErrorPage error={error} />;
}
