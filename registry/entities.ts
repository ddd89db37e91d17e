import { AuditLog } from "./audit/audit.entity.ts";
import { WorkCalendarDay } from "./calendar/calendar.entity.ts";
import { Case, CaseEvent, CaseNumberSequence } from "./cases/case.entity.ts";
import { CaseDraft } from "./cases/case-draft.entity.ts";
import { CaseMaterial } from "./cases/case-material.entity.ts";
import { VerificationTask } from "./cases/verification-task.entity.ts";
import { ResultType, ServiceItem, ServiceItemVersion } from "./catalog/service-item.entity.ts";
import { Chain, ChainInstance, ChainVersion } from "./chains/chain.entity.ts";
import { Enterprise, EnterpriseMember } from "./enterprises/enterprise.entity.ts";
import { IdempotencyKey } from "./idempotency/idempotency-key.entity.ts";
import { Material } from "./materials/material.entity.ts";
import { Department, Region, ServiceCenter, Staff, Window } from "./org/org.entity.ts";
import { Person } from "./persons/person.entity.ts";
import { Result, ResultNumberSequence } from "./results/result.entity.ts";
import { MessageRead } from "./space/message-read.entity.ts";
import { WebhookDelivery, WebhookSubscription } from "./webhooks/webhook.entity.ts";

/** Every entity schema of the registries, for the ORM. */
export const registryEntities = [
  Person,
  Enterprise,
  EnterpriseMember,
  Region,
  Department,
  ServiceCenter,
  Window,
  Staff,
  ServiceItem,
  ServiceItemVersion,
  ResultType,
  Case,
  CaseEvent,
  CaseNumberSequence,
  CaseMaterial,
  CaseDraft,
  VerificationTask,
  Material,
  Result,
  ResultNumberSequence,
  WorkCalendarDay,
  AuditLog,
  MessageRead,
  Chain,
  ChainVersion,
  ChainInstance,
  IdempotencyKey,
  WebhookSubscription,
  WebhookDelivery,
];
