import { Alert, Card, Col, Flex, Row, Typography } from "antd";
import { data, Link, redirect } from "react-router";
import { ProgressDiagram } from "../components/chain/progress-diagram.tsx";
import { actionLabel } from "../components/workbench/action-labels.ts";
import { ActionPanel } from "../components/workbench/action-panel.tsx";
import { FormAnswers, Materials } from "../components/workbench/case-content.tsx";
import { ApplicantInfo, CaseOverview } from "../components/workbench/case-overview.tsx";
import { EventTimeline } from "../components/workbench/event-timeline.tsx";
import { FlowState } from "../components/workbench/flow-state.tsx";
import { PriorResultsPanel } from "../components/workbench/prior-results-panel.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import { actionFromForm, isWorkbenchIntent } from "../lib/workbench-action.server.ts";
import type { Route } from "./+types/workbench-case";

export function meta({ loaderData, matches }: Route.MetaArgs) {
  const t = metaT(matches);
  return [{ title: loaderData ? t("wb.meta.case", { caseNo: loaderData.c.caseNo }) : t("wb.meta.title") }];
}

/** The case (NOT_FOUND outside the actor's department) and the action just done (`?done=`), if any. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const c = await callUseCase(() => context.services.workbench.getCase(params.id));
  const done = new URL(request.url).searchParams.get("done");
  // The case's business chain (一件事), seen as staff of a department handling one of its items.
  const chain = c.chain
    ? await callUseCase(() => context.services.chains.progress(c.chain!.instanceId))
    : null;
  return { c, chain, done: isWorkbenchIntent(done) ? done : null };
}

/**
 * A flow action (intent = its type) against the version the page showed, or a pull of prior results. A
 * refusal is shown in the page with its status and changes nothing; success reloads the case with a notice.
 */
export async function action({ params, context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  const svc = context.services.workbench;
  try {
    if (intent === "pullResults") {
      const purpose = form.get("purpose");
      const pulled = await svc.pullPriorResults({
        caseId: params.id,
        purpose: typeof purpose === "string" ? purpose : "",
      });
      return { intent, pulled, error: null };
    }
    if (!isWorkbenchIntent(intent)) {
      return data({ intent: null, pulled: null, error: "请求无效，请刷新页面后重试" }, { status: 400 });
    }
    const version = form.get("version");
    await svc.act({
      caseId: params.id,
      action: actionFromForm(intent, form),
      expectedVersion: typeof version === "string" ? version : "",
    });
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    const failed = typeof intent === "string" ? intent : null;
    return data({ intent: failed, pulled: null, error: e.message }, { status: statusOf(e) });
  }
  throw redirect(`/workbench/cases/${params.id}?done=${intent}`);
}

/** 办件详情: what the case is and where it stands, with the actions this staff member may take. */
export default function WorkbenchCase({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { c, chain, done } = loaderData;
  const pulling = actionData?.intent === "pullResults";
  const actionError = actionData?.error && !pulling ? actionData.error : null;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {c.itemName}
        </Typography.Title>
        <Link to="/workbench">{t("wb.backToList")}</Link>
      </Flex>
      {done && !actionError ? (
        <Alert type="success" showIcon title={t("wb.done", { action: actionLabel(t, done) })} />
      ) : null}
      {chain && c.chain ? (
        <Card title={t("chain.wb.title", { name: c.chain.chainName, no: c.chain.instanceNo })} size="small">
          <ProgressDiagram
            progress={chain.progress}
            openable={chain.openable}
            caseHref={(id) => `/workbench/cases/${id}`}
          />
        </Card>
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Flex vertical gap={16}>
            <Card title={t("wb.section.basic")} size="small">
              <CaseOverview c={c} />
            </Card>
            <Card title={t("wb.section.applicant")} size="small">
              <ApplicantInfo applicant={c.applicant} />
            </Card>
            <Card title={t("wb.section.form")} size="small">
              <FormAnswers form={c.form} />
            </Card>
            <Card title={t("wb.section.materials")} size="small">
              <Materials c={c} />
            </Card>
            <Card title={t("wb.section.events")} size="small">
              <EventTimeline events={c.events} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            <Card title={t("wb.section.actions")} size="small">
              <ActionPanel
                c={c}
                error={actionError}
                errorIntent={actionError ? (actionData?.intent ?? null) : null}
              />
            </Card>
            <Card title={t("wb.section.flow")} size="small">
              <FlowState c={c} />
            </Card>
            <Card title={t("wb.section.pull")} size="small">
              <PriorResultsPanel
                results={pulling ? (actionData?.pulled ?? null) : null}
                error={pulling ? (actionData?.error ?? null) : null}
              />
            </Card>
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
