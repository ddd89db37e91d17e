import { Alert, Button, Card, Flex, Space, Steps } from "antd";
import { type ReactNode, useEffect, useState } from "react";
import type { ChainApplyContextView } from "../../../../chain/index.ts";
import type { DraftMaterial } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";
import { ApplyFormStep } from "../apply/apply-form-step.tsx";
import {
  type Chosen,
  chosenFrom,
  missingRequirements,
  payloadOf,
  type Requirement,
  registeredInUse,
} from "../apply/apply-state.ts";
import { MaterialsStep } from "../apply/materials-step.tsx";
import { ApplicantDescriptions, ReviewStep } from "../apply/review-step.tsx";

/** What a refused post returns to the page. */
export type ChainActionResult = {
  intent: string;
  error?: string;
  details?: { path: string; message: string }[];
};

/** Each material of the chain as a checklist requirement, its note naming the items that use it. */
function requirementsOf(v: ChainApplyContextView, usedBy: (items: string) => string): Requirement[] {
  return v.chain.materials.map((m) => ({
    code: m.code,
    name: m.name,
    required: m.required,
    acceptedResultTypes: m.acceptedResultTypes,
    note: [m.note, usedBy(m.items.join("、"))].filter(Boolean).join(" "),
  }));
}

/** The refusal of the last post, with every problem when there are several. */
export function ErrorAlert({ answer }: { answer: ChainActionResult | undefined }) {
  if (!answer?.error) return null;
  const details = answer.details ?? [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={answer.error}
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
  );
}

/**
 * 一表申请 in three steps, as the single-item apply page: the combined form (x-order, prefill, registered
 * numbers masked), the one material set (library, held result with consent, upload), review. `submit` renders
 * the final button(s) and receives the payload to post.
 */
export function ChainApplyFlow(props: {
  v: ChainApplyContextView;
  initialChosen?: DraftMaterial[];
  submit: (payload: () => string) => ReactNode;
}) {
  const t = useT();
  const { v } = props;
  const [step, setStep] = useState(0);
  const [formData, setFormData] = useState<Record<string, unknown>>(v.prefill);
  const [chosen, setChosen] = useState<Chosen>(chosenFrom(props.initialChosen));
  const [library, setLibrary] = useState(v.library);
  const [using, setUsing] = useState(() => registeredInUse(v.registered, v.prefill));
  const [tried, setTried] = useState(false);
  useEffect(() => setLibrary(v.library), [v.library]);
  const requirements = requirementsOf(v, (items) => t("chain.material.usedBy", { items }));
  const guide = { formSchema: v.chain.formSchema, materials: requirements };
  const missing = missingRequirements(guide, chosen);
  const toggleRegistered = (field: string, on: boolean) => {
    const offer = v.registered.find((r) => r.field === field);
    if (!offer) return;
    setUsing((u) => (on ? [...u.filter((f) => f !== field), field] : u.filter((f) => f !== field)));
    setFormData((d) => ({ ...d, [field]: on ? offer.masked : "" }));
  };
  const toReview = () => {
    setTried(true);
    if (missing.length) return;
    setTried(false);
    setStep(2);
  };
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t("apply.applicant.title")}>
        <ApplicantDescriptions applicant={v.applicant} />
      </Card>
      <Steps
        current={step}
        items={[
          { title: t("chain.apply.step.form") },
          { title: t("chain.apply.step.materials") },
          { title: t("apply.step.review") },
        ]}
      />
      {step === 0 ? (
        <Card size="small">
          <ApplyFormStep
            schema={v.chain.formSchema}
            registered={v.registered}
            using={using}
            onToggleRegistered={toggleRegistered}
            formData={formData}
            onChange={setFormData}
            onNext={() => setStep(1)}
          />
        </Card>
      ) : null}
      {step === 1 ? (
        <>
          <MaterialsStep
            guide={guide}
            library={library}
            results={v.results}
            chosen={chosen}
            onChange={setChosen}
            onUploaded={(m) => setLibrary((l) => [m, ...l.filter((x) => x.id !== m.id)])}
          />
          {tried && missing.length ? (
            <Alert
              type="warning"
              showIcon
              title={t("apply.materials.missing", { names: missing.join("、") })}
            />
          ) : null}
          <Space wrap>
            <Button onClick={() => setStep(0)}>{t("apply.prev")}</Button>
            <Button type="primary" onClick={toReview}>
              {t("apply.next")}
            </Button>
          </Space>
        </>
      ) : null}
      {step === 2 ? (
        <>
          <ReviewStep
            v={{ guide, library, results: v.results }}
            formData={formData}
            chosen={chosen}
            using={using}
          />
          <Space wrap>
            <Button onClick={() => setStep(1)}>{t("apply.prev")}</Button>
            {props.submit(() => payloadOf(formData, chosen, using))}
          </Space>
        </>
      ) : null}
    </Flex>
  );
}
