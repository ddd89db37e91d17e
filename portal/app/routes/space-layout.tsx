import { Badge, Menu, Result } from "antd";
import { useEffect, useRef } from "react";
import {
  isRouteErrorResponse,
  Link,
  Outlet,
  type ShouldRevalidateFunctionArgs,
  useLocation,
} from "react-router";
import { ErrorPage } from "../components/error-page.tsx";
import { LinkButton } from "../components/link-button.tsx";
import { type MessageKey, metaT, useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import type { Route } from "./+types/space-layout";

export function meta({ matches }: Route.MetaArgs) {
  return [{ title: metaT(matches)("space.title") }];
}

/** The case page inside the space (`/space/cases/:id`), whose opening reads that case's messages. */
const CASE_PAGE = /^\/space\/cases\/([^/]+)\/?$/;

/**
 * Who the actor is and the navigation's unread badge; anonymous → sign-in (thrown by the service). The loaders
 * of one navigation run side by side, so marking the opened case's messages read happens here, before the
 * count, rather than in the case page's loader.
 */
export async function loader({ context, request }: Route.LoaderArgs) {
  const openCaseId = CASE_PAGE.exec(new URL(request.url).pathname)?.[1] ?? null;
  return callUseCase(() => context.services.mySpace.layout({ openCaseId }));
}

/** The badge follows every move inside the space (opening a case reads its messages). */
export function shouldRevalidate({
  currentUrl,
  nextUrl,
  defaultShouldRevalidate,
}: ShouldRevalidateFunctionArgs) {
  return defaultShouldRevalidate || currentUrl.pathname !== nextUrl.pathname;
}

/** Ids of this route's loader data for the pages inside it. */
export const SPACE_LAYOUT_ID = "routes/space-layout";

const SECTIONS: { path: string; key: MessageKey }[] = [
  { path: "/space", key: "space.nav.overview" },
  { path: "/space/cases", key: "space.nav.cases" },
  { path: "/space/chains", key: "chain.nav.space" },
  { path: "/space/materials", key: "space.nav.materials" },
  { path: "/space/results", key: "space.nav.results" },
  { path: "/space/messages", key: "space.nav.messages" },
  { path: "/space/members", key: "space.nav.members" },
];

/** The space: its sections across the top (scrolling at phone width), the selected page below. */
export default function SpaceLayout({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { pathname } = useLocation();
  const { unread, canManageMembers } = loaderData;
  const current =
    [...SECTIONS].reverse().find((s) => pathname === s.path || pathname.startsWith(`${s.path}/`))?.path ??
    "/space";
  const nav = useRef<HTMLDivElement>(null);
  // The section shown is scrolled into the strip (on a phone "成员管理" is off to the right).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again when the section changes
  useEffect(() => {
    nav.current
      ?.querySelector(".ant-menu-item-selected")
      ?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [current]);
  return (
    <div>
      {/* On a phone the sections scroll sideways rather than hiding behind "…". */}
      <div ref={nav} style={{ overflowX: "auto", marginBottom: 16 }}>
        <Menu
          mode="horizontal"
          disabledOverflow
          aria-label={t("space.nav.label")}
          selectedKeys={[current]}
          style={{ minWidth: "max-content" }}
          items={SECTIONS.filter((s) => s.path !== "/space/members" || canManageMembers).map((s) => ({
            key: s.path,
            label:
              s.path === "/space/messages" ? (
                <Link to={s.path}>
                  {t(s.key)}{" "}
                  <Badge
                    count={unread}
                    size="small"
                    overflowCount={99}
                    title={t("space.msg.unread", { n: unread })}
                  />
                </Link>
              ) : (
                <Link to={s.path}>{t(s.key)}</Link>
              ),
          }))}
        />
      </div>
      <Outlet />
    </div>
  );
}

function messageOf(data: unknown): string | undefined {
  const m = (data as { message?: unknown } | null)?.message;
  return typeof m === "string" ? m : undefined;
}

/** Refusals inside the space, in its own words (403 members page, 404 someone else's id, 400 bad query). */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const t = useT();
  if (!isRouteErrorResponse(error) || error.status >= 500) return <ErrorPage error={error} />;
  const forbidden = error.status === 403;
  const notFound = error.status === 404;
  return (
    <Result
      status={forbidden ? "403" : notFound ? "404" : "warning"}
      title={t(forbidden ? "space.error.403" : notFound ? "space.error.404" : "error.4xx.title")}
      subTitle={messageOf(error.data)}
      extra={
        <LinkButton to="/space" type="primary">
          {t("space.case.back")}
        </LinkButton>
      }
    />
  );
}
