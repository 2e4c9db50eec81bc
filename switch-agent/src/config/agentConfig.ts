import { z } from 'zod';

/**
 * The agent's own settings file (not the switch configuration, which lives in the store).
 * Every field has a default that suits a Debian host under systemd; tests override paths and ports.
 */
const PortSchema = z.number().int().min(1).max(65535);
const AbsPath = z.string().startsWith('/', 'must be an absolute path');

export const AgentConfigSchema = z
  .object({
    dataDir: AbsPath.default('/var/lib/switch-agent'),
    socketDir: AbsPath.default('/run/switch-agent'),
    /**
     * Key that seals gateway passwords in the database: kept outside it (a copied database or
     * backup then reveals no password), created mode 0600 at first start, refused when others can read it.
     */
    secretKeyFile: AbsPath.default('/etc/switch-agent/keys/secret.key'),
    /** Group owning admin.sock / view.sock; null leaves the process's own group (tests, non-root). */
    adminGroup: z.string().min(1).nullable().default('switchdeck-admin'),
    viewGroup: z.string().min(1).nullable().default('switchdeck-view'),
    engine: z
      .object({
        enabled: z.boolean().default(true),
        kamailioBin: AbsPath.default('/usr/sbin/kamailio'),
        rtpengineBin: AbsPath.default('/usr/bin/rtpengine'),
        kamailioModulesDir: AbsPath.default('/usr/lib/x86_64-linux-gnu/kamailio/modules'),
        sipAddress: z.ipv4().default('127.0.0.1'),
        sipPort: PortSchema.default(5060),
        /** rtpengine's ng control listens on UDP loopback: the only way rtpengine offers. */
        rtpengineNgPort: PortSchema.default(22222),
        /**
         * Media (RTP/RTCP) ports. Below Linux's default ephemeral range (32768–60999), which the agent
         * refuses to overlap (engine/mediaPorts.ts), and above the ng port: 9768 ports, ~2400 calls.
         */
        rtpPortMin: PortSchema.default(23000),
        rtpPortMax: PortSchema.default(32767),
        /**
         * Shared memory for Kamailio in MB; null (default) sizes it at each Kamailio start from the
         * gateways' limits (engine/engineCapacity.ts: ≈ 0.25 MB per call/s + 6 KB per call, at least
         * 256 MB, at most half the host's memory).
         */
        shmMb: z.number().int().min(64).max(65536).nullable().default(null),
        /**
         * Kamailio's private memory per process in MB; null (default) sizes it at each start from the
         * tables, with room for 10,000 routing + 10,000 mapping gateways (engine/engineSizing.ts).
         * At least 5: the generated cfg itself no longer parses in 4 (measured: "failed to create
         * rval expr" at start), and 5 is what reload-failure.test.ts proves starts.
         */
        pkgMb: z.number().int().min(5).max(1024).nullable().default(null),
        /**
         * The unprivileged users Kamailio and rtpengine run as (engine/engineUsers.ts): one name for
         * both, or `{ "kamailio": …, "rtpengine": … }`. Needs the agent to run as root. null (default
         * here, for tests and development) = the agent's own user; the package's settings file
         * names switchdeck-kamailio and switchdeck-rtpengine, which its install script creates.
         */
        runAsUser: z
          .union([z.string().min(1), z.object({ kamailio: z.string().min(1), rtpengine: z.string().min(1) }).strict()])
          .nullable()
          .default(null),
        /**
         * Seconds between two SIP OPTIONS probes of each routing gateway that has probing on
         * (engine/kamailio/cfgGatewayProbe.ts). Kamailio has one interval for all of them.
         */
        gatewayProbeIntervalSec: z.number().int().min(1).max(3600).default(30),
      })
      .prefault({}),
    /** Call record retention (cdr/retention.ts): by age, then by count, pruned in small batches. */
    cdr: z
      .object({
        retentionDays: z.number().int().min(1).max(3650).default(180),
        /** About 300 bytes a record on disk: 20 million is ~6 GB. */
        maxRecords: z.number().int().min(1).max(1_000_000_000).default(20_000_000),
        /** Records deleted per transaction; each batch takes a few ms, the agent runs between them. */
        pruneBatchRows: z.number().int().min(1).max(100_000).default(2000),
        pruneIntervalSec: z.number().int().min(1).max(86_400).default(300),
      })
      .prefault({}),
    /** The server monitor (series catalog: shared/monitor/series.ts). */
    monitor: z
      .object({
        enabled: z.boolean().default(true),
        /** One-second samples kept in memory. */
        ringSeconds: z.number().int().min(60).max(86_400).default(3600),
        minuteRetentionDays: z.number().int().min(1).max(90).default(8),
        hourRetentionDays: z.number().int().min(7).max(3650).default(400),
        /** Bounds the rollups' disk use: series beyond this many are not stored (they stay live). */
        maxStoredSeries: z.number().int().min(100).max(100_000).default(5000),
      })
      .prefault({}),
  })
  .refine((c) => c.engine.rtpPortMin < c.engine.rtpPortMax, {
    message: 'engine.rtpPortMin must be below engine.rtpPortMax',
    path: ['engine', 'rtpPortMin'],
  });

export type AgentConfig = z.infer<typeof AgentConfigSchema>;

export type AgentConfigResult = { ok: true; config: AgentConfig } | { ok: false; errors: string[] };

/** Parses the settings file's text; each error names the field (e.g. `engine.sipPort: ...`). */
export function parseAgentConfig(text: string, source: string): AgentConfigResult {
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`${source}: not valid JSON (${(e as Error).message})`] };
  }
  const parsed = AgentConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => `${source}: ${i.path.join('.') || '(top level)'}: ${i.message}`),
  };
}
