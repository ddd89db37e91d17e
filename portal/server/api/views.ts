import type { WorkbenchCaseDetail } from "../../../chain/index.ts";
import type { EnterpriseView, PersonView, ResultView } from "../../../registry/index.ts";

/** The API's view of a case: the workbench's, without the page-only parts. */
export function toCaseDetail(d: WorkbenchCaseDetail) {
  return {
    id: d.id,
    caseNo: d.caseNo,
    itemCode: d.itemCode,
    itemName: d.itemName,
    itemVersion: d.itemVersion,
    status: d.status,
    channel: d.channel,
    submittedAt: d.submittedAt,
    acceptedAt: d.acceptedAt,
    concludedAt: d.concludedAt,
    statutoryDeadline: d.statutoryDeadline,
    promisedDeadline: d.promisedDeadline,
    decision: d.decision ?? null,
    applicant: d.applicant,
    form: d.form,
    materials: d.materials,
    events: d.events,
    currentStep: d.flow.currentStep,
    clock: {
      remainingWorkingDays: d.clock.remainingWorkingDays,
      statutoryRemainingWorkingDays: d.clock.statutoryRemainingWorkingDays,
      level: d.clock.level,
      paused: d.clock.paused,
    },
    resultTypeCode: d.resultTypeCode,
    results: d.results,
    version: d.version,
    allowedActions: d.allowedActions,
  };
}

/** A result without storage keys or internal holder ids. */
export function toResult(r: ResultView) {
  return {
    id: r.id,
    number: r.number,
    resultTypeCode: r.resultTypeCode,
    name: r.name,
    holderType: r.holderType,
    holderName: r.holderName,
    issuingDepartment: r.issuingDepartment,
    itemCode: r.itemCode,
    caseId: r.caseId,
    issuedAt: r.issuedAt,
    validFrom: r.validFrom,
    validTo: r.validTo,
    status: r.status,
    data: r.data,
  };
}

export function toEnterprise(e: EnterpriseView) {
  return {
    uscc: e.uscc,
    name: e.name,
    type: e.type,
    legalRepName: e.legalRep.name,
    address: e.address,
    registeredCapitalYuan: e.registeredCapitalYuan,
    businessScope: e.businessScope,
    establishedOn: e.establishedOn,
    status: e.status,
  };
}

/** Masked: the API never hands out clear personal numbers or full names (张*). */
export function toPerson(p: PersonView) {
  return {
    name: `${p.name.slice(0, 1)}${"*".repeat(Math.max(1, p.name.length - 1))}`,
    idNumberMasked: p.idNumberMasked,
    phoneMasked: p.phoneMasked,
    realNameLevel: p.realNameLevel,
  };
}
