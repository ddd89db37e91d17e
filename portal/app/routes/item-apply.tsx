import { Alert, Button, Card, Flex, Space, Steps, Typography } from "antd";
import { useEffect, useState } from "react";
import { data, Form, Link, redirect, useFetcher } from "react-router";
import type { MaterialView } from "../../../registry/index.ts";
import { ApplyFormStep } from "../components/apply/apply-form-step.tsx";
import {
  type Chosen,
  chosenFrom,
  missingRequirements,
  payloadOf,
  registeredInUse,
} from "../components/apply/apply-state.ts";
import { MaterialsStep } from "../components/apply/materials-step.tsx";
import { ApplicantDescriptions, ReviewStep } from "../components/apply/review-step.tsx";
import { chinaDateTime } from "../components/workbench/case-overview.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import { parseItemCode } from "../lib/item-code.server.ts";
import type { Route } from "./+types/item-apply";

/** A multipart body larger than this cannot hold an acceptable file (20 MB) and is refused unread. */
const MAX_UPLOAD_BODY = 20 * 1024 * 1024 + 64 * 1024;

export function meta({ loaderData, matches }: Route.MetaArgs) {
  const t = metaT(matches);
  return [{ title: loaderData ? t("apply.meta", { name: loaderData.v.guide.name }) : t("apply.title") }];
}

/** The item, the applicant and their library, results and draft (sign-in first; staff and out-of-scope refused). */
export async function loader({ params, context }: Route.LoaderArgs) {
  const code = parseItemCode(params.code);
  const v = await callUseCase(() => context.services.apply.context(code));
  return { v };
}

type ActionResult = {
  intent: string;
  error?: string;
  details?: { path: string; message: string }[];
  savedAt?: string;
  uploaded?: MaterialView;
};

/** save (draft), upload (one file), discard (the draft) or submit; a refusal is shown in the page and writes nothing. */
export async function action({ params, context, request }: Route.ActionArgs) {
  const code = parseItemCode(params.code);
  const s = context.services.apply;
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/");
  if (multipart && Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BODY)
    return data<ActionResult>({ intent: "upload", error: "文件不能超过 20 MB" }, { status: 413 });
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "save") {
      const d = await s.saveDraft(code, { step: form.get("step"), payload: form.get("payload") });
      return { intent, savedAt: d.updatedAt } satisfies ActionResult;
    }
    if (intent === "upload") {
      const m = await s.upload(code, {
        requirementCode: form.get("requirementCode"),
        file: form.get("file"),
      });
      return { intent, uploaded: m } satisfies ActionResult;
    }
    if (intent === "discard") {
      await s.deleteDraft(code);
      throw redirect(`/items/${code}/apply`);
    }
    if (intent !== "submit")
      return data<ActionResult>({ intent, error: "请求无效，请刷新页面后重试" }, { status: 400 });
    const c = await s.submit(code, { payload: form.get("payload") });
    throw redirect(`/space/cases/${c.id}/receipt`);
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    return data<ActionResult>({ intent, error: e.message, details: e.details }, { status: statusOf(e) });
  }
}

/** 在线申办: 1 form → 2 materials → 3 review → submit; drafts saved at any step and resumed here. */
export default function ItemApply({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { v } = loaderData;
  const [step, setStep] = useState(Math.min(Math.max((v.draft?.step ?? 1) - 1, 0), 2));
  const [formData, setFormData] = useState<Record<string, unknown>>(v.draft?.formData ?? v.prefill);
  const [chosen, setChosen] = useState<Chosen>(chosenFrom(v.draft?.materials));
  const [library, setLibrary] = useState(v.library);
  // Registered fields start in use when they hold the masked placeholder (the prefill, or a resumed draft).
  const [using, setUsing] = useState(() => registeredInUse(v.registered, v.draft?.formData ?? v.prefill));
  // The "choose a source" warning shows after 下一步 and only while something is still missing.
  const [tried, setTried] = useState(false);
  // Only a draft found when the page opened was "resumed"; saving here revalidates and must not say so.
  const [resumedAt] = useState(v.draft?.updatedAt ?? null);
  const saver = useFetcher<ActionResult>();
  const submitter = useFetcher<ActionResult>();
  useEffect(() => setLibrary(v.library), [v.library]);
  const post = (f: typeof saver, intent: string) =>
    f.submit(
      { intent, step: String(step + 1), payload: payloadOf(formData, chosen, using) },
      { method: "post" },
    );
  const missing = missingRequirements(v.guide, chosen);
  const hint = tried && missing.length ? t("apply.materials.missing", { names: missing.join("、") }) : null;
  const toReview = () => {
    setTried(true);
    if (missing.length) return;
    setTried(false);
    setStep(2);
  };
  const toggleRegistered = (field: string, on: boolean) => {
    const offer = v.registered.find((r) => r.field === field);
    if (!offer) return;
    setUsing((u) => (on ? [...u.filter((f) => f !== field), field] : u.filter((f) => f !== field)));
    setFormData((d) => ({ ...d, [field]: on ? offer.masked : "" }));
  };
  // Fetchers carry the answers in the browser; actionData those of a plain form post (no JavaScript).
  const answer = [submitter.data, saver.data, actionData as ActionResult | undefined].find((d) => d?.error);
  const error = answer?.error;
  const details = answer?.details ?? [];
  const saveButton = (
    <Button onClick={() => post(saver, "save")} loading={saver.state !== "idle"}>
      {t("apply.saveDraft")}
    </Button>
  );
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("apply.heading", { name: v.guide.name })}
        </Typography.Title>
        <Link to={`/items/${v.guide.code}`}>{t("apply.backToGuide")}</Link>
      </Flex>
      {resumedAt ? (
        <Alert
          type="info"
          showIcon
          title={t("apply.draftResumed", { at: chinaDateTime(resumedAt) })}
          action={
            <Form method="post">
              <input type="hidden" name="intent" value="discard" />
              <Button size="small" htmlType="submit">
                {t("apply.discardDraft")}
              </Button>
            </Form>
          }
        />
      ) : null}
      {saver.data?.savedAt && !saver.data.error ? (
        <Alert type="success" showIcon title={t("apply.saved")} />
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={error}
          description={
            details.length > 1 ? (
              <ul>
                {details.map((d) => (
                  <li key={d.path + d.message}>{d.message}</li>
                ))}
              </ul>
            ) : null
          }
        />
      ) : null}
      <Card size="small" title={t("apply.applicant.title")}>
        <ApplicantDescriptions applicant={v.applicant} />
      </Card>
      <Steps
        current={step}
        items={[
          { title: t("apply.step.form") },
          { title: t("apply.step.materials") },
          { title: t("apply.step.review") },
        ]}
      />
      {step === 0 ? (
        <Card size="small">
          <ApplyFormStep
            schema={v.guide.formSchema}
            registered={v.registered}
            using={using}
            onToggleRegistered={toggleRegistered}
            formData={formData}
            onChange={setFormData}
            onNext={() => setStep(1)}
            onSave={() => post(saver, "save")}
            saving={saver.state !== "idle"}
          />
        </Card>
      ) : null}
      {step === 1 ? (
        <>
          <MaterialsStep
            guide={v.guide}
            library={library}
            results={v.results}
            chosen={chosen}
            onChange={setChosen}
            onUploaded={(m) => setLibrary((l) => [m, ...l.filter((x) => x.id !== m.id)])}
          />
          {hint ? <Alert type="warning" showIcon title={hint} /> : null}
          <Space wrap>
            <Button onClick={() => setStep(0)}>{t("apply.prev")}</Button>
            <Button type="primary" onClick={toReview}>
              {t("apply.next")}
            </Button>
            {saveButton}
          </Space>
        </>
      ) : null}
      {step === 2 ? (
        <>
          <ReviewStep v={{ ...v, library }} formData={formData} chosen={chosen} using={using} />
          <Space wrap>
            <Button onClick={() => setStep(1)}>{t("apply.prev")}</Button>
            {saveButton}
            <Button
              type="primary"
              onClick={() => post(submitter, "submit")}
              loading={submitter.state !== "idle"}
            >
              {t("apply.submit")}
            </Button>
          </Space>
        </>
      ) : null}
    </Flex>
  );
}
