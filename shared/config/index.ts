export { canonicalJson, jsonEquals, valuesMatch } from './json';
export { snapshotHash, legacySnapshotHash, hashInput, compareNames, useSha256Hex, type Sha256Parts } from './hash';
export { emptySnapshot, normalizeSnapshot, withHash, snapshotContentEquals, snapshotSatisfies } from './snapshot';
export { applyOps, type ApplyResult } from './apply';
export { validateSnapshot, snapshotErrors, type ValidationReport } from './validate';
export { diffSnapshots, describeChanges } from './diff';
export { rebase, resolveConflicts, type RebaseResult, type ConflictChoice } from './rebase';
