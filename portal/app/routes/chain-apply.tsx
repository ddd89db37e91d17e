import { Button, Flex, Typography } from "antd";
import { data, Link, redirect, useFetcher } from "react-router";
import type { MaterialView } from "../../../registry/index.ts";
import { type ChainActionResult, ChainApplyFlow, ErrorAlert } from "../components/chain/chain-apply-flow.tsx";
import { parseChainCode } from "../components/chain/chain-code.server.ts";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import type { Route } from "./+types/chain-apply";

/** A multipart body larger than this cannot hold an acceptable file (20 MB) and is refused unread. */
const MAX_UPLOAD_BODY = 20 * 1024 * 1024 + 64 * 1024;

export function meta({ loaderData, matches }: Route.MetaArgs) {
  const t = metaT(matches);
  return [
    { title: loaderData ? t("chain.meta.apply", { name: loaderData.v.chain.name }) : t("apply.title") },
  ];
}

/** The combined form, the applicant, the prefill and the candidates per material (sign-in first). */
export async function loader({ params, context }: Route.LoaderArgs) {
  const code = parseChainCode(params.code);
  const v = await callUseCase(() => context.services.chains.applyContext(code));
  return { v };
}

/** upload (one file into the library) or submit (the whole chain); a refusal shows in the page, nothing written. */
export async function action({ params, context, request }: Route.ActionArgs) {
  const code = parseChainCode(params.code);
  const s = context.services.chains;
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/");
  if (multipart && Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BODY)
    return data<ChainActionResult>({ intent: "upload", error: "文件不能超过 20 MB" }, { status: 413 });
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "upload") {
      const uploaded: MaterialView = await s.upload(code, {
        requirementCode: form.get("requirementCode"),
        file: form.get("file"),
      });
      return { intent, uploaded };
    }
    if (intent !== "submit")
      return data<ChainActionResult>({ intent, error: "请求无效，请刷新页面后重试" }, { status: 400 });
    const out = await s.submit(code, { payload: form.get("payload") });
    throw redirect(`/space/chains/${out.instanceId}?filed=1`);
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    return data<ChainActionResult>({ intent, error: e.message, details: e.details }, { status: statusOf(e) });
  }
}

/** 一件事申请: one form, one set of materials, review, submit → the instance's progress page. */
export default function ChainApply({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { v } = loaderData;
  const submitter = useFetcher<ChainActionResult>();
  const answer = [submitter.data, actionData as ChainActionResult | undefined].find((d) => d?.error);
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("chain.apply.heading", { name: v.chain.name })}
        </Typography.Title>
        <Link to={`/chains/${v.chain.code}`}>{t("chain.apply.backToGuide")}</Link>
      </Flex>
      <ErrorAlert answer={answer} />
      <ChainApplyFlow
        v={v}
        submit={(payload) => (
          <Button
            type="primary"
            loading={submitter.state !== "idle"}
            onClick={() => submitter.submit({ intent: "submit", payload: payload() }, { method: "post" })}
          >
            {t("chain.apply.submit")}
          </Button>
        )}
      />
    </Flex>
  );
}
