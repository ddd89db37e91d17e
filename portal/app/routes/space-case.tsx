import { Alert, Card, Col, Flex, Result, Row, Typography } from "antd";
import { data, isRouteErrorResponse, Link, redirect } from "react-router";
import { ErrorPage } from "../components/error-page.tsx";
import { LinkButton } from "../components/link-button.tsx";
import { SupplementNotice, WithdrawForm } from "../components/space/case-forms.tsx";
import { CaseResults } from "../components/space/case-results.tsx";
import { CaseSummary } from "../components/space/case-summary.tsx";
import { CaseTimeline } from "../components/space/case-timeline.tsx";
import { CommitmentCard } from "../components/space/commitment-card.tsx";
import { pageCase } from "../components/space/page-case.ts";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import type { Route } from "./+types/space-case";

const INTENTS = ["supplement", "withdraw"] as const;
type Intent = (typeof INTENTS)[number];
const isIntent = (v: unknown): v is Intent =>
  typeof v === "string" && (INTENTS as readonly string[]).includes(v);

export function meta({ loaderData, matches }: Route.MetaArgs) {
  const t = metaT(matches);
  return [
    { title: loaderData ? t("space.case.meta", { caseNo: loaderData.v.case.caseNo }) : t("space.title") },
  ];
}

/** The case (NOT_FOUND unless it is the actor's) and the action just done (`?done=`), if any. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const v = pageCase(await callUseCase(() => context.services.space.caseDetail(params.id)));
  const commitment = await callUseCase(() => context.services.mySpace.caseCommitment(params.id));
  const done = new URL(request.url).searchParams.get("done");
  return { v, commitment, done: isIntent(done) ? done : null };
}

/**
 * The applicant's answer to a supplement notice, or a withdrawal, against the version the page showed. A
 * refusal is shown in the page with its status and changes nothing; success reloads the case with a notice.
 */
export async function action({ params, context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    await context.services.space.act(params.id, {
      intent,
      version: form.get("version"),
      codes: form.getAll("codes"),
      materials: Object.fromEntries(
        [...form.entries()].flatMap(([k, v]) =>
          k.startsWith("material.") && v !== "" ? [[k.slice("material.".length), v]] : [],
        ),
      ),
      reason: form.get("reason") ?? undefined,
    });
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    return data({ intent: isIntent(intent) ? intent : null, error: e.message }, { status: statusOf(e) });
  }
  throw redirect(`/space/cases/${params.id}?done=${intent}`);
}

/** 办件详情 in the applicant's space: where the case stands, what is asked of them, what happened, what was issued. */
export default function SpaceCase({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { v, commitment, done } = loaderData;
  const error = actionData?.error ?? null;
  const allowed = v.flow.allowedActions;
  const mayWithdraw = allowed.includes("withdraw");
  // An error of a form that is no longer shown (or of no form) goes above everything.
  const errorFor = (intent: Intent) => (error && actionData?.intent === intent ? error : null);
  const shownElsewhere =
    (actionData?.intent === "supplement" && v.openNotice && allowed.includes("supplement")) ||
    (actionData?.intent === "withdraw" && mayWithdraw);
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {v.case.itemName}
        </Typography.Title>
        <Link to="/space">{t("space.case.back")}</Link>
      </Flex>
      {error && !shownElsewhere ? <Alert type="error" showIcon title={error} role="alert" /> : null}
      {done && !error ? <Alert type="success" showIcon title={t(`space.case.done.${done}`)} /> : null}
      {v.openNotice ? (
        <SupplementNotice
          notice={v.openNotice}
          library={v.library}
          version={v.flow.version}
          canAnswer={allowed.includes("supplement")}
          error={errorFor("supplement")}
        />
      ) : null}
      {v.deficiency?.status === "open" ? (
        <Alert
          type="info"
          showIcon
          title={t("space.deficiency.title", { name: v.deficiency.name, dueOn: v.deficiency.dueOn })}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Flex vertical gap={16}>
            <Card title={t("space.case.basic")} size="small">
              <CaseSummary v={v} />
            </Card>
            {commitment ? <CommitmentCard c={commitment} /> : null}
            <Card title={t("space.results.title")} size="small">
              <CaseResults results={v.results} />
            </Card>
            {mayWithdraw ? (
              <Card title={t("space.withdraw.title")} size="small">
                <WithdrawForm version={v.flow.version} error={errorFor("withdraw")} />
              </Card>
            ) : null}
          </Flex>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t("space.timeline.title")} size="small">
            <CaseTimeline events={v.events} materialNames={v.materialNames} />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

/** An unknown case (or someone else's) is "not found", with the way back to the space. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const t = useT();
  if (!isRouteErrorResponse(error) || error.status !== 404) return <ErrorPage error={error} />;
  return (
    <Result
      status="404"
      title={t("space.case.notFound")}
      extra={
        <LinkButton to="/space" type="primary">
          {t("space.case.back")}
        </LinkButton>
      }
    />
  );
}
