import { formatPath, type FieldError, type PathSegment } from '../model/fieldPath';
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
