import { formatPath, type FieldError, type FieldReason, type PathSegment } from '../model/fieldPath';
import type { ParamIssue } from '../catalog/types';
import type { CollectionKey } from '../model/collections';
import type { LeafKey } from './leaves';

export function paramPath(name: string): string {
  return formatPath(['params', name]);
}

export function itemPath(collection: CollectionKey, name: string, rest: readonly PathSegment[] = []): string {
  return formatPath([collection, { key: name }, ...rest]);
}

export function leafPath(collection: CollectionKey, name: string, key: LeafKey): string {
  return itemPath(collection, name, key);
}

/** Converts zod issues to field errors under a path prefix. */
export interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export function issuesToFieldErrors(prefix: readonly PathSegment[], issues: readonly IssueLike[]): FieldError[] {
  return issues.map((i) => ({
    path: formatPath([...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))]),
    message: i.message,
  }));
}

/** A finding with its reason code and values (the English `message` is for logs and the agent's answers). */
export function finding(path: string, message: string, code: string, values: FieldReason['values'] = {}): FieldError {
  return { path, message, reason: { code, values } };
}

/** A catalog finding about a parameter value, at the field it is about. */
export function paramFinding(path: string, issue: ParamIssue): FieldError {
  return { path, message: issue.message, reason: { code: `catalog.${issue.reason.code}`, values: issue.reason.values, params: [...issue.params] } };
}
