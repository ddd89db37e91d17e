import { Result, Typography } from "antd";
import { isRouteErrorResponse } from "react-router";
import { useT } from "../i18n/index.ts";
import { LinkButton } from "./link-button.tsx";

function payloadMessage(data: unknown): string | undefined {
  if (
    typeof data === "object" &&
    data !== null &&
    typeof (data as { message?: unknown }).message === "string"
  ) {
    return (data as { message: string }).message;
  }
  return undefined;
}

/** Friendly page for a thrown response or an unexpected error; stack traces only in development. */
export function ErrorPage({ error }: { error: unknown }) {
  const t = useT();
  const back = (
    <LinkButton to="/" type="primary">
      {t("error.backHome")}
    </LinkButton>
  );

  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      return (
        <Result status="404" title={t("error.404.title")} subTitle={t("error.404.subtitle")} extra={back} />
      );
    }
    if (error.status < 500) {
      // 4xx payloads come from errors.server.ts: a message written for the applicant.
      return (
        <Result
          status={error.status === 403 ? "403" : "warning"}
          title={error.status === 403 ? t("error.403.title") : t("error.4xx.title")}
          subTitle={payloadMessage(error.data)}
          extra={back}
        />
      );
    }
  }

  const dev = import.meta.env.DEV && error instanceof Error;
  return (
    <Result status="500" title={t("error.generic.title")} subTitle={t("error.generic.subtitle")} extra={back}>
      {dev ? (
        <Typography>
          <Typography.Paragraph strong>{error.message}</Typography.Paragraph>
          <pre style={{ whiteSpace: "pre-wrap", fontSize: 12 }}>{error.stack}</pre>
        </Typography>
      ) : null}
    </Result>
  );
}
