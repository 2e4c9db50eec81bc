import { ConflictErrorDataSchema, ValidationErrorDataSchema, type ConflictErrorData, type ValidationErrorData } from '@shared/rpc/agentApi';
import { RpcError } from '@shared/rpc/errors';
import type { TFunction } from 'i18next';
import { plainFailure, type PlainFailure } from '../util/failure';

export type ApplyFailure =
  | { kind: 'conflict'; data: ConflictErrorData }
  | { kind: 'invalid'; data: ValidationErrorData }
  | { kind: 'other'; failure: PlainFailure };

/** Sorts an apply error into what the dialog can show field by field and what it can only quote. */
export function classifyApplyError(t: TFunction, e: unknown): ApplyFailure {
  if (RpcError.is(e, 'CONFLICT')) {
    const d = ConflictErrorDataSchema.safeParse(e.data);
    if (d.success) return { kind: 'conflict', data: d.data };
  }
  if (RpcError.is(e, 'VALIDATION_FAILED')) {
    const d = ValidationErrorDataSchema.safeParse(e.data);
    if (d.success) return { kind: 'invalid', data: d.data };
  }
  return { kind: 'other', failure: plainFailure(t, e, 'change') };
}
