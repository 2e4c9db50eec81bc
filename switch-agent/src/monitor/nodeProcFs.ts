import { existsSync, readFileSync, statfsSync } from 'node:fs';
import type { ProcFs } from './types';

export const nodeProcFs: ProcFs = {
  read(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  statfs(mountPoint) {
    try {
      const s = statfsSync(mountPoint);
      return { totalBytes: s.blocks * s.bsize, availBytes: s.bavail * s.bsize, freeBytes: s.bfree * s.bsize };
    } catch {
      return null;
    }
  },
  exists: (path) => existsSync(path),
};
