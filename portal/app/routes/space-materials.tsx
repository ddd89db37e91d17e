import { UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Input, Modal, Popconfirm, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { data, Form, redirect, useNavigation, useSubmit } from "react-router";
import type { LibraryMaterial } from "../../../registry/index.ts";
import { chinaDateTime } from "../components/workbench/case-overview.tsx";
import { useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import { readCappedForm } from "../lib/upload.server.ts";
import type { Route } from "./+types/space-materials";

const MAX_BYTES = 20 * 1024 * 1024;

/** The library; `?download=<id>` answers with a short-lived signed link to that version (NOT_FOUND if not ours). */
export async function loader({ context, request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const download = url.searchParams.get("download");
  if (download !== null) {
    throw redirect(await callUseCase(() => context.services.mySpace.materialLink(download)));
  }
  return {
    materials: await callUseCase(() => context.services.mySpace.materials()),
    done: url.searchParams.get("done"),
  };
}

/** upload (a file, or a new version of a row's material with `supersedesId`) or delete; a refusal is shown and writes nothing. */
export async function action({ context, request }: Route.ActionArgs) {
  const s = context.services.mySpace;
  const form = await readCappedForm(request, MAX_BYTES);
  if (!form) return data({ error: "文件不能超过 20 MB" }, { status: 413 });
  const intent = form.get("intent");
  try {
    if (intent === "delete") {
      await s.deleteMaterial(String(form.get("id") ?? ""));
      throw redirect("/space/materials?done=delete");
    }
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0)
      return data({ error: "请选择要上传的文件" }, { status: 400 });
    if (file.size > MAX_BYTES) return data({ error: "文件不能超过 20 MB" }, { status: 413 });
    await s.uploadMaterial(
      {
        title: form.get("title"),
        filename: file.name,
        validUntil: form.get("validUntil"),
        supersedesId: form.get("supersedesId"),
      },
      Buffer.from(await file.arrayBuffer()),
    );
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    return data({ error: e.message }, { status: statusOf(e) });
  }
  throw redirect("/space/materials?done=upload");
}

/**
 * 上传新版本 of one material: the upload form with the material it replaces fixed (`supersedesId`), its title
 * and validity prefilled; the earlier version stays in the history.
 */
function NewVersionButton({ m }: { m: LibraryMaterial }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <Button
        type="link"
        size="small"
        style={{ padding: 0 }}
        icon={<UploadOutlined />}
        onClick={() => setOpen(true)}
      >
        {t("space.mat.newVersion")}
      </Button>
      <Modal
        open={open}
        title={t("space.mat.newVersionTitle", { title: m.title })}
        onCancel={() => setOpen(false)}
        footer={null}
        destroyOnHidden
      >
        <Form method="post" encType="multipart/form-data" onSubmit={() => setOpen(false)}>
          <input type="hidden" name="intent" value="upload" />
          <input type="hidden" name="supersedesId" value={m.id} />
          <Flex vertical gap={8}>
            <Typography.Text type="secondary">{t("space.mat.newVersionHint")}</Typography.Text>
            <Input name="title" defaultValue={m.title} aria-label={t("space.mat.title")} required />
            <Input
              name="validUntil"
              type="date"
              defaultValue={m.validUntil ?? undefined}
              aria-label={t("space.mat.validUntil")}
              style={{ width: 180 }}
            />
            <input
              type="file"
              name="file"
              accept=".pdf,.jpg,.jpeg,.png,.ofd"
              aria-label={t("space.mat.file")}
              required
            />
            <Typography.Text type="secondary">{t("space.mat.hint")}</Typography.Text>
            <div>
              <Button htmlType="submit" type="primary" loading={busy}>
                {t("space.mat.submit")}
              </Button>
            </div>
          </Flex>
        </Form>
      </Modal>
    </>
  );
}

const TRUST_COLOR: Record<string, string> = { A: "green", B: "cyan", C: "blue", D: "default" };

/** 我的材料: upload, new versions with their history, validity, download, delete, trust level. */
export default function SpaceMaterials({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const submit = useSubmit();
  const { materials, done } = loaderData;
  const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;
  return (
    <Flex vertical gap={16}>
      {actionData?.error ? <Alert type="error" showIcon title={actionData.error} /> : null}
      {done === "upload" || done === "delete" ? (
        <Alert
          type="success"
          showIcon
          title={t(done === "upload" ? "space.mat.uploaded" : "space.mat.deleted")}
        />
      ) : null}
      <Card title={t("space.mat.upload")}>
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="upload" />
          <Flex wrap gap={8} align="center">
            <Input name="title" placeholder={t("space.mat.title")} style={{ width: 200 }} required />
            <Input
              name="validUntil"
              type="date"
              aria-label={t("space.mat.validUntil")}
              style={{ width: 160 }}
            />
            <input type="file" name="file" accept=".pdf,.jpg,.jpeg,.png,.ofd" required />
            <Button htmlType="submit" type="primary">
              {t("space.mat.submit")}
            </Button>
          </Flex>
          <Typography.Text type="secondary">{t("space.mat.hint")}</Typography.Text>
        </Form>
      </Card>
      <Card title={`${t("space.nav.materials")}（${materials.length}）`}>
        <Table<LibraryMaterial>
          rowKey="id"
          size="middle"
          pagination={false}
          // Wide columns scroll sideways inside the card on a phone instead of squeezing the titles.
          scroll={{ x: 1000 }}
          locale={{ emptyText: t("space.mat.empty") }}
          dataSource={materials}
          expandable={{
            rowExpandable: (m) => m.history.length > 0,
            expandedRowRender: (m) => (
              <ul style={{ margin: 0 }}>
                {m.history.map((h) => (
                  <li key={h.id}>
                    v{h.version} · {chinaDateTime(h.createdAt)} · {kb(h.size)} ·{" "}
                    <a href={`/space/materials?download=${h.id}`} rel="nofollow">
                      {t("space.mat.download")}
                    </a>
                  </li>
                ))}
              </ul>
            ),
          }}
          columns={[
            {
              key: "title",
              title: t("space.mat.title"),
              width: 240,
              render: (_, m) => `${m.title}（v${m.version}）`,
            },
            {
              key: "trust",
              title: t("space.mat.trust"),
              width: 120,
              render: (_, m) => (
                <Tag color={TRUST_COLOR[m.trustLevel]}>
                  {t("space.mat.trustLevel", { level: m.trustLevel })}
                </Tag>
              ),
            },
            {
              key: "valid",
              title: t("space.mat.validUntil"),
              width: 120,
              render: (_, m) => m.validUntil ?? t("space.mat.noExpiry"),
            },
            { key: "size", title: t("space.mat.size"), width: 90, render: (_, m) => kb(m.size) },
            {
              key: "at",
              title: t("space.mat.uploadedAt"),
              width: 160,
              render: (_, m) => chinaDateTime(m.createdAt),
            },
            {
              key: "ops",
              title: t("space.mat.ops"),
              width: 230,
              render: (_, m) => (
                <Flex gap={8} wrap>
                  <NewVersionButton m={m} />
                  <a href={`/space/materials?download=${m.id}`} rel="nofollow">
                    {t("space.mat.download")}
                  </a>
                  <Popconfirm
                    title={t("space.mat.confirmDelete")}
                    onConfirm={() =>
                      submit(
                        { intent: "delete", id: m.id },
                        { method: "post", encType: "multipart/form-data" },
                      )
                    }
                  >
                    <Button type="link" danger size="small" style={{ padding: 0 }}>
                      {t("space.mat.delete")}
                    </Button>
                  </Popconfirm>
                </Flex>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
