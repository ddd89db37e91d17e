/**
 * The error every use case throws for a rule the caller broke. `code` is stable and documented in
 * docs/errors.md; the portal and the API map it to a page message or an RFC 9457 problem.
 */
export const ERROR_CODES = {
  VALIDATION: { status: 400, title: "输入不符合要求" },
  UNAUTHENTICATED: { status: 401, title: "请先登录" },
  FORBIDDEN: { status: 403, title: "无权进行此操作" },
  NOT_FOUND: { status: 404, title: "未找到" },
  CONFLICT: { status: 409, title: "数据已被他人修改，请刷新后重试" },
  DUPLICATE: { status: 409, title: "记录已存在" },
  INVALID_STATE: { status: 409, title: "当前状态不允许此操作" },
  INVALID_ID_NUMBER: { status: 400, title: "居民身份证号码校验失败" },
  INVALID_USCC: { status: 400, title: "统一社会信用代码校验失败" },
  EXPIRED: { status: 410, title: "已过期" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "文件过大" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "文件类型不受支持" },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: "幂等键已用于另一请求" },
  RATE_LIMITED: { status: 429, title: "请求过于频繁" },
  TAMPERED: { status: 500, title: "数据完整性校验失败" },
  UNAVAILABLE: { status: 503, title: "依赖服务不可用" },
} as const;

/** A stable error code, see {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** One field-level problem, with the path of the field in the input. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** A rule violation raised by a use case; never a programming error. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: FieldIssue[];

  constructor(code: ErrorCode, message?: string, details: FieldIssue[] = []) {
    super(message ?? ERROR_CODES[code].title);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  if (e instanceof DomainError) return true;
  // A DomainError from another copy of this module (the server build bundles routes apart) is known by
  // its shape; its code must be one of ours, since callers look it up in ERROR_CODES.
  if (!(e instanceof Error) || e.name !== "DomainError") return false;
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code);
}
