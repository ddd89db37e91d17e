import { Button, Flex, Typography } from "antd";
import { data, Link, redirect, useFetcher } from "react-router";
import type { MaterialView } from "../../../registry/index.ts";
import { type ChainActionResult, ChainApplyFlow, ErrorAlert } from "../components/chain/chain-apply-flow.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import type { Route } from "./+types/space-chain-amend";

const MAX_UPLOAD_BODY = 20 * 1024 * 1024 + 64 * 1024;

export function meta({ loaderData, matches }: Route.MetaArgs) {
  const t = metaT(matches);
  return [
    { title: loaderData ? t("chain.meta.amend", { no: loaderData.v.instanceNo }) : t("chain.meta.mine") },
  ];
}

/** The blocked instance's combined form and materials as filed (NOT_FOUND for anyone else's). */
export async function loader({ params, context }: Route.LoaderArgs) {
  const v = await callUseCase(() => context.services.chains.amendContext(params.id));
  return { v };
}

/** upload, or resubmit the chosen failed item with the amended form and materials. */
export async function action({ params, context, request }: Route.ActionArgs) {
  const s = context.services.chains;
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/");
  if (multipart && Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BODY)
    return data<ChainActionResult>({ intent: "upload", error: "文件不能超过 20 MB" }, { status: 413 });
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "upload") {
      const v = await s.amendContext(params.id);
      const uploaded: MaterialView = await s.upload(v.chain.code, {
        requirementCode: form.get("requirementCode"),
        file: form.get("file"),
      });
      return { intent, uploaded };
    }
    if (intent !== "resubmit")
      return data<ChainActionResult>({ intent, error: "请求无效，请刷新页面后重试" }, { status: 400 });
    await s.resubmit(params.id, { target: form.get("target"), payload: form.get("payload") });
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    return data<ChainActionResult>({ intent, error: e.message, details: e.details }, { status: statusOf(e) });
  }
  throw redirect(`/space/chains/${params.id}?done=resubmit`);
}

/** 修改后重新提交: amend the combined form and materials, then file the failed item again. */
export default function SpaceChainAmend({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { v } = loaderData;
  const submitter = useFetcher<ChainActionResult>();
  const answer = [submitter.data, actionData as ChainActionResult | undefined].find((d) => d?.error);
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("chain.amend.heading", { name: v.chain.name, no: v.instanceNo })}
        </Typography.Title>
        <Link to={`/space/chains/${v.instanceId}`}>{t("chain.amend.back")}</Link>
      </Flex>
      <ErrorAlert answer={answer} />
      <ChainApplyFlow
        v={v}
        initialChosen={v.chosen}
        submit={(payload) =>
          v.resubmit.map((r) => (
            <Button
              key={`${r.stage}:${r.itemCode}`}
              type="primary"
              loading={submitter.state !== "idle"}
              onClick={() =>
                submitter.submit(
                  { intent: "resubmit", target: `${r.stage}:${r.itemCode}`, payload: payload() },
                  { method: "post" },
                )
              }
            >
              {t("chain.amend.submit", { name: r.name })}
            </Button>
          ))
        }
      />
    </Flex>
  );
}
