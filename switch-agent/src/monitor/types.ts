/** Series id → value of one sample. */
export type SeriesValues = Record<string, number>;

/** One source of series (the system, Kamailio, rtpengine, call records), asked once a second. */
export interface Sampler {
  readonly name: string;
  sample(nowMs: number): Promise<SeriesValues> | SeriesValues;
}

/** Reads kernel files; tests hand in fixture text instead of the real /proc and /sys. */
export interface ProcFs {
  /** The file's text, or null when it does not exist or cannot be read. */
  read(path: string): string | null;
  /** Total and available bytes of the file system holding `mountPoint`, or null. */
  statfs(mountPoint: string): { totalBytes: number; availBytes: number; freeBytes: number } | null;
  exists(path: string): boolean;
}
