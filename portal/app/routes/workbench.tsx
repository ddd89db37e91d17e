import { Col, Result, Row, Typography } from "antd";
import { isRouteErrorResponse, Outlet, useLocation, useRouteLoaderData } from "react-router";
import type { WorkbenchQueue } from "../../../chain/index.ts";
import { ErrorPage } from "../components/error-page.tsx";
import { LinkButton } from "../components/link-button.tsx";
import { QueueMenu } from "../components/workbench/queue-menu.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import type { Route } from "./+types/workbench";

export function meta({ matches }: Route.MetaArgs) {
  return [{ title: metaT(matches)("wb.meta.title") }];
}

/** The menu of queues; anonymous → sign-in, anyone but staff → 403 (from the use case). */
export async function loader({ context }: Route.LoaderArgs) {
  return { menu: await callUseCase(() => context.services.workbench.menu()) };
}

/** The workbench: the queues on the left, the selected queue or a case on the right. */
export default function Workbench({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { menu } = loaderData;
  const { pathname } = useLocation();
  const queueData = useRouteLoaderData("routes/workbench-queue") as { queue?: WorkbenchQueue } | undefined;
  const path = pathname.replace(/\/+$/, "");
  const selected =
    path === "/workbench"
      ? (queueData?.queue ?? null)
      : path === "/workbench/verifications"
        ? "verifications"
        : null;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={7} lg={5}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t("wb.title")}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {menu.departmentName}
        </Typography.Paragraph>
        <QueueMenu menu={menu} selected={selected} />
      </Col>
      <Col xs={24} md={17} lg={19}>
        <Outlet />
      </Col>
    </Row>
  );
}

function messageOf(data: unknown): string | undefined {
  const m = (data as { message?: unknown } | null)?.message;
  return typeof m === "string" ? m : undefined;
}

/** Refusals of the workbench explained in its own words; the way out is the queue list or the home page. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const t = useT();
  if (!isRouteErrorResponse(error) || error.status >= 500) return <ErrorPage error={error} />;
  const forbidden = error.status === 403;
  const notFound = error.status === 404;
  return (
    <Result
      status={forbidden ? "403" : notFound ? "404" : "warning"}
      title={t(forbidden ? "wb.error.403" : notFound ? "wb.error.404" : "error.4xx.title")}
      subTitle={messageOf(error.data)}
      extra={
        <LinkButton to={forbidden ? "/" : "/workbench"} type="primary">
          {t(forbidden ? "error.backHome" : "wb.backToList")}
        </LinkButton>
      }
    />
  );
}
