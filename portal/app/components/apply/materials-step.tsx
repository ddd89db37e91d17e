import { UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Checkbox, Flex, Select, Tag, Typography, Upload } from "antd";
import { useEffect } from "react";
import { useFetcher } from "react-router";
import type { DraftMaterial, MaterialView, ResultView } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";
import { chinaDate } from "../../lib/labels.ts";
import type { Chosen, Requirement } from "./apply-state.ts";

const MAX_BYTES = 20 * 1024 * 1024;

type UploadData = { intent: string; error?: string; uploaded?: MaterialView };

/** One requirement: pick from the library, reuse a held result (with consent), or upload a new file. */
function RequirementRow(props: {
  req: Requirement;
  library: MaterialView[];
  results: ResultView[];
  choice: DraftMaterial | undefined;
  onChoose: (m: DraftMaterial | undefined) => void;
  onUploaded: (m: MaterialView) => void;
}) {
  const t = useT();
  const { req, choice } = props;
  const fetcher = useFetcher<UploadData>();
  const uploaded = fetcher.data?.uploaded;
  // biome-ignore lint/correctness/useExhaustiveDependencies: react to a new upload only
  useEffect(() => {
    if (uploaded && uploaded.requirementCode === req.code) props.onUploaded(uploaded);
  }, [uploaded]);
  const results = props.results.filter((r) => req.acceptedResultTypes.includes(r.resultTypeCode));
  const ownFirst = [...props.library].sort(
    (a, b) => Number(b.requirementCode === req.code) - Number(a.requirementCode === req.code),
  );
  const value = choice
    ? "materialId" in choice
      ? `m:${choice.materialId}`
      : `r:${choice.resultId}`
    : undefined;
  const options = [
    {
      label: t("apply.materials.library"),
      options: ownFirst.map((m) => ({
        value: `m:${m.id}`,
        label: `${m.title}（v${m.version}，${chinaDate(m.createdAt)}）`,
      })),
    },
    ...(results.length
      ? [
          {
            label: t("apply.materials.results"),
            options: results.map((r) => ({
              value: `r:${r.id}`,
              label: t("apply.materials.resultOption", {
                name: r.name,
                number: r.number,
                issuer: r.issuingDepartment.name,
                validTo: r.validTo ?? t("apply.materials.noExpiry"),
              }),
            })),
          },
        ]
      : []),
  ];
  const pick = (v: string | undefined) => {
    if (!v) return props.onChoose(undefined);
    if (v.startsWith("m:")) return props.onChoose({ requirementCode: req.code, materialId: v.slice(2) });
    props.onChoose({ requirementCode: req.code, resultId: v.slice(2), consent: false });
  };
  const upload = (file: File) => {
    if (file.size > MAX_BYTES) return false;
    const fd = new FormData();
    fd.set("intent", "upload");
    fd.set("requirementCode", req.code);
    fd.set("file", file);
    fetcher.submit(fd, { method: "post", encType: "multipart/form-data" });
    return false;
  };
  const chosenResult = choice && "resultId" in choice ? results.find((r) => r.id === choice.resultId) : null;
  return (
    <Card
      size="small"
      title={req.name}
      extra={req.required ? <Tag color="red">{t("apply.required")}</Tag> : null}
    >
      <Flex vertical gap={8}>
        {req.note ? <Typography.Text type="secondary">{req.note}</Typography.Text> : null}
        <Select
          allowClear
          // A large library (an enterprise keeps dozens of documents) is found by typing part of a title.
          showSearch={{ optionFilterProp: "label" }}
          style={{ width: "100%" }}
          placeholder={t("apply.materials.choose")}
          value={value}
          options={options}
          onChange={pick}
          aria-label={req.name}
        />
        {chosenResult ? (
          <Alert
            type="info"
            title={t("apply.materials.resultInfo", {
              issuer: chosenResult.issuingDepartment.name,
              validFrom: chosenResult.validFrom,
              validTo: chosenResult.validTo ?? t("apply.materials.noExpiry"),
            })}
            description={
              <Checkbox
                checked={choice && "consent" in choice ? choice.consent : false}
                onChange={(e) => props.onChoose({ ...(choice as DraftMaterial), consent: e.target.checked })}
              >
                {t("apply.materials.consent")}
              </Checkbox>
            }
          />
        ) : null}
        <Flex gap={8} align="center" wrap>
          <Upload accept=".pdf,.jpg,.jpeg,.png,.ofd" showUploadList={false} beforeUpload={upload}>
            <Button icon={<UploadOutlined />} loading={fetcher.state !== "idle"}>
              {t("apply.materials.upload")}
            </Button>
          </Upload>
          <Typography.Text type="secondary">{t("apply.materials.uploadHint")}</Typography.Text>
        </Flex>
        {fetcher.data?.error ? <Alert type="error" showIcon title={fetcher.data.error} role="alert" /> : null}
      </Flex>
    </Card>
  );
}

/** Step 2: the checklist of the item's (or the chain's) materials. */
export function MaterialsStep(props: {
  guide: { materials: Requirement[] };
  library: MaterialView[];
  results: ResultView[];
  chosen: Chosen;
  onChange: (c: Chosen) => void;
  onUploaded: (m: MaterialView) => void;
}) {
  const set = (code: string, m: DraftMaterial | undefined) => {
    const next = { ...props.chosen };
    if (m) next[code] = m;
    else delete next[code];
    props.onChange(next);
  };
  return (
    <Flex vertical gap={12}>
      {props.guide.materials.map((req) => (
        <RequirementRow
          key={req.code}
          req={req}
          library={props.library}
          results={props.results}
          choice={props.chosen[req.code]}
          onChoose={(m) => set(req.code, m)}
          onUploaded={(m) => {
            props.onUploaded(m);
            set(req.code, { requirementCode: req.code, materialId: m.id });
          }}
        />
      ))}
    </Flex>
  );
}
