// Renders kamailio.cfg from typed settings. Pure: same settings, same text.
//
// Routing module choice: drouting, not dispatcher + a prefix lookup.
//  - drouting does longest-prefix match on the callee itself (digits, '+', '*', '#'), picks the
//    highest-priority rule among the longest prefixes, and walks the rule's ordered gateway list
//    with use_next_gw() in failure_route: prefix + priority + failover in one module and one
//    in-memory tree, loaded with plain SELECTs, so it works from a read-only SQLite file.
//  - dispatcher has no prefix matching: it would need a second module (mtree/htable/sqlops)
//    to map prefix -> set id, two reloads to keep consistent, and its reload refuses a second
//    call within reload_delta (5 s).
//  - lcr needs lcr_gw/lcr_rule/lcr_rule_target plus its own from/request-uri semantics, more
//    than we need now.
// The agent precomputes, per distinct prefix, the full failover order (see schema.ts), so the
// "priority" column of dr_rules is not what orders gateways; the gwlist order is.
//
// Nothing from a user ever reaches this text unchecked: settings carry numbers, booleans, IPv4
// listen addresses (checked again in cfgListen.ts) and paths the agent chose itself (strict charset, see validate.ts). Gateway names,
// IPs and prefixes live in the SQLite tables.
import { CALL_CONTROL_DESCRIPTIONS, CALL_CONTROL_TM_PARAMS, CALL_CONTROL_VARS, callControlVarValues, type CallControlParams } from './cfgCallControl';
import { CALL_DURATION_DIALOG_PARAMS } from './cfgCallDuration';
import { AUTH_CFG_DESCRIPTIONS, AUTH_CFG_VARS, AUTH_MODULES, CFG_AUTH_ROUTES, authCfgVarValues } from './cfgAuth';
import type { AuthLimitParams } from './cfgAuth';
import { CALL_MEDIA_MODULES, CALL_MEDIA_ROUTES } from './cfgCallMedia';
import { GATEWAY_LIMITS_MODPARAMS, GATEWAY_LIMITS_MODULES, GATEWAY_LIMITS_ROUTES } from './cfgGatewayLimits';
import { MEDIA_ANCHORING_MODPARAMS, MEDIA_ANCHORING_ROUTES } from './cfgMediaAnchoring';
import { REFUSED_MODPARAMS, REFUSED_ROUTES } from './cfgRefusedCalls';
import { ADMISSION_MODPARAMS, shmWatchKb } from './cfgAdmission';
import { CDR_EXTRA_MODPARAM, CDR_RING_ROUTES } from './cfgCdrRecord';
import { CFG_DIAL_PLAN_ROUTES } from './cfgDialPlans';
import { CFG_IDENTITY_ROUTES, IDENTITY_CFG_DESCRIPTIONS, IDENTITY_CFG_VARS, IDENTITY_MODULES, identityCfgVarValues, type IdentityParams } from './cfgIdentity';
import { CFG_GATEWAY_PROBE_ROUTES, DEFAULT_PROBE_INTERVAL_SEC, renderGatewayProbeModule, type GatewayProbeSettings } from './cfgGatewayProbe';
import { CFG_NAT_ROUTES, MAX_WHILE_LOOPS, NAT_CFG_DESCRIPTIONS, NAT_CFG_VARS, NAT_MODULES, natCfgVarValues, type NatParams } from './cfgNat';
import { CFG_PUBLISH_ROUTES, PUBLISH_CFG_DESCRIPTIONS, PUBLISH_CFG_VARS, PUBLISH_MODPARAMS, publishCfgVarValues, type PublishParams } from './cfgPublish';
import { CFG_ROUTES } from './cfgRoutes';
import { FEATURES_CFG_DESCRIPTION, FEATURES_CFG_VAR, featuresCfgValue, type CfgFeatureParams } from './cfgFeatures';
import { renderUacRegModule } from './cfgUacReg';
import { inlineRoutes } from './cfgInline';
import { listenList, needsTcpStack, renderListenLines, type ListenAddress } from './cfgListen';
import { CFG_TRANSPORT_ROUTES, renderTcpGlobals, renderTlsModule } from './cfgTransports';
import { CFG_STREAM_REG_ROUTES, STREAM_REG_MODULES } from './cfgStreamRegistrations';
import { CFG_MEDIA_ENCRYPTION_ROUTES } from './cfgMediaEncryption';
import { CFG_ENDPOINT_CALL_ROUTES } from './cfgEndpointCalls';
import { CFG_ATTEMPT_ROUTES } from './cfgAttempts';
import { CFG_ENDPOINT_LIMITS_ROUTES } from './cfgEndpointLimits';
import { renderTraceModule } from './traceCfg';
import type { KamailioTraceSettings } from './traceCfg';
import { checkBool, checkDir, checkInt, checkIPv4, checkPath } from './validate';

/** System parameters that map onto runtime cfg variables (changeable with cfg.seti). */
export interface KamailioSystemParams extends CallControlParams, AuthLimitParams, IdentityParams, NatParams, PublishParams, CfgFeatureParams {
  /** SS_REPLY_UNAUTHORIZED: true = 403 to unknown sources, false = drop silently. */
  replyUnauthorized: boolean;
  /** SS_SIP_TIMEOUT_INVITE, seconds until a provisional reply must arrive (1–300). */
  sipTimeoutInviteSec: number;
  /** SS_SIP_TIMEOUT_RINGING, seconds a call may ring after the first 180 (1–600). */
  sipTimeoutRingingSec: number;
  /** SS_SIP_STOP_SWITCH_AFTER_SDP: true = no failover once an 18x carried SDP. */
  stopSwitchAfterSdp: boolean;
  /** SS_SIP_AUTHENTICATION_CODE: 401 (WWW-Authenticate) or 407 (Proxy-Authenticate). */
  authChallengeCode: 401 | 407;
  /**
   * Whether any mapping gateway or endpoint authenticates by password. Not an SS_* parameter:
   * derived from the configuration, kept at run time so unknown sources get 403 (not a challenge)
   * when nobody can authenticate by password.
   */
  passwordGateways: boolean;
}

export interface KamailioSettings {
  /** The SIP sockets: one address, or several (public and private interfaces). */
  listen: ListenAddress | readonly ListenAddress[];
  paths: {
    /** Kamailio's rundir (5.6 name of runtime_dir). */
    rundir: string;
    /** The agent-written SQLite file; Kamailio opens it read-only. */
    configDb: string;
    /** Directory for db_flatstore CDR files (acc_cdrs_<process>.log). */
    cdrDir: string;
    /** jsonrpcs FIFO the agent writes requests into. */
    rpcFifo: string;
    /** Directory where the agent creates its reply FIFOs. */
    rpcReplyDir: string;
    /** ctl module binrpc UNIX stream socket (for kamcmd -s). */
    ctlSocket: string;
  };
  /**
   * rtpengine's ng control socket (UDP on loopback) that anchors media; how long a worker waits
   * for one reply and how many times it sends (engineSizing.ts; default 1000 ms, 2).
   */
  rtpengine: { ngAddress: string; ngPort: number; timeoutMs?: number; tries?: number };
  /** UDP worker processes. */
  udpWorkers: number;
  /** Ceiling of Kamailio's receive-buffer probing (`maxbuffer`), bytes; absent = its default. */
  receiveBufferBytes?: number;
  /** Kamailio `debug` level: -3 (alert) … 3 (debug); 2 is info. */
  logLevel: number;
  params: KamailioSystemParams;
  /** OPTIONS probing of routing gateways (cfgGatewayProbe.ts); absent = every 30 s. */
  gatewayProbe?: GatewayProbeSettings;
  /** HEP mirroring to the agent's trace listener; absent = siptrace not loaded. */
  trace?: KamailioTraceSettings;
  /** The tls module's domain file (cfgTransports.ts tlsConfigText); loaded only with a TLS listener. */
  tlsConfigFile?: string;
}

/** How much of the Call-ID a log line's prefix quotes (Kamailio's buffer for it is 1 kB). */
export const LOG_PREFIX_CALLID_CHARS = 80;

/** cfg variable names, as used with cfg.seti / cfg.get in group `switchdeck`. */
export const CFG_GROUP = 'switchdeck';
/** One cfg variable per system parameter, but the optional-feature flags (password accounts among them) share one (cfgFeatures.ts). */
export type CfgVarKey = Exclude<keyof KamailioSystemParams, keyof CfgFeatureParams | 'passwordGateways'> | 'features';
export const CFG_VARS = {
  replyUnauthorized: 'reply_unauthorized',
  sipTimeoutInviteSec: 'sip_timeout_invite',
  sipTimeoutRingingSec: 'sip_timeout_ringing',
  stopSwitchAfterSdp: 'stop_switch_after_sdp',
  authChallengeCode: 'auth_code',
  ...CALL_CONTROL_VARS,
  ...AUTH_CFG_VARS,
  ...IDENTITY_CFG_VARS,
  ...NAT_CFG_VARS,
  ...PUBLISH_CFG_VARS,
  features: FEATURES_CFG_VAR,
} as const satisfies Record<CfgVarKey, string>;

/** Validates system parameters and returns the values the cfg variables hold (integers; strings set with cfg.sets). */
export function cfgVarValues(p: KamailioSystemParams): Record<CfgVarKey, number | string> {
  return {
    replyUnauthorized: checkBool('params.replyUnauthorized', p.replyUnauthorized) ? 1 : 0,
    sipTimeoutInviteSec: checkInt('params.sipTimeoutInviteSec', p.sipTimeoutInviteSec, 1, 300),
    sipTimeoutRingingSec: checkInt('params.sipTimeoutRingingSec', p.sipTimeoutRingingSec, 1, 600),
    stopSwitchAfterSdp: checkBool('params.stopSwitchAfterSdp', p.stopSwitchAfterSdp) ? 1 : 0,
    authChallengeCode: checkAuthCode(p.authChallengeCode),
    ...callControlVarValues(p),
    ...authCfgVarValues(p),
    ...identityCfgVarValues(p),
    ...natCfgVarValues(p),
    ...publishCfgVarValues(p),
    features: featuresCfgValue({ ...p, passwordGateways: checkBool('params.passwordGateways', p.passwordGateways) }),
  };
}

function checkAuthCode(v: number): 401 | 407 {
  if (v !== 401 && v !== 407) throw new Error(`params.authChallengeCode: must be 401 or 407, got ${String(v)}`);
  return v;
}

const CFG_DESCRIPTIONS: Record<CfgVarKey, string> = {
  replyUnauthorized: 'SS_REPLY_UNAUTHORIZED 1 reply 403 to unknown sources 0 drop silently',
  sipTimeoutInviteSec: 'SS_SIP_TIMEOUT_INVITE seconds to wait for a provisional reply',
  sipTimeoutRingingSec: 'SS_SIP_TIMEOUT_RINGING seconds to wait for an answer after 1xx',
  stopSwitchAfterSdp: 'SS_SIP_STOP_SWITCH_AFTER_SDP 1 no failover after 18x with SDP',
  authChallengeCode: 'SS_SIP_AUTHENTICATION_CODE 401 or 407 challenge for password gateways',
  ...CALL_CONTROL_DESCRIPTIONS,
  ...AUTH_CFG_DESCRIPTIONS,
  ...IDENTITY_CFG_DESCRIPTIONS,
  ...NAT_CFG_DESCRIPTIONS,
  ...PUBLISH_CFG_DESCRIPTIONS,
  features: FEATURES_CFG_DESCRIPTION,
};

/** The db_url for a SQLite file: `sqlite://` followed by the absolute path. */
export function sqliteUrl(path: string): string {
  return `sqlite://${path}`;
}

/** The kamailio.cfg the engine runs: the source text with its small routes copied into their callers (cfgInline.ts). */
export function renderKamailioCfg(settings: KamailioSettings): string {
  return inlineRoutes(renderCfgSource(settings));
}

/** The cfg as written, every route by its name: what the tests of a route's text read. */
export function renderCfgSource(settings: KamailioSettings): string {
  const listenLines = renderListenLines(settings.listen);
  // The probes' From names the first SIP address (any of them would do: it is only a name).
  const firstListen = (Array.isArray(settings.listen) ? settings.listen : [settings.listen])[0] as ListenAddress;
  // Registrations to carriers go out over UDP (cfgUacReg.ts): from the first UDP address when there is one.
  const uacListen = listenList(settings.listen).find((l) => (l.transport ?? 'udp') === 'udp') ?? firstListen;
  const rundir = checkPath('paths.rundir', settings.paths.rundir);
  const db = checkPath('paths.configDb', settings.paths.configDb);
  const cdrDir = checkPath('paths.cdrDir', settings.paths.cdrDir);
  const fifo = checkPath('paths.rpcFifo', settings.paths.rpcFifo);
  const replyDir = checkDir('paths.rpcReplyDir', settings.paths.rpcReplyDir);
  const ctl = checkPath('paths.ctlSocket', settings.paths.ctlSocket, { unixSocket: true });
  const workers = checkInt('udpWorkers', settings.udpWorkers, 1, 64);
  const logLevel = checkInt('logLevel', settings.logLevel, -3, 3);
  const ngAddress = checkIPv4('rtpengine.ngAddress', settings.rtpengine.ngAddress);
  const ngPort = checkInt('rtpengine.ngPort', settings.rtpengine.ngPort, 1, 65535);
  const ngTimeoutMs = checkInt('rtpengine.timeoutMs', settings.rtpengine.timeoutMs ?? 1000, 50, 10_000);
  const ngTries = checkInt('rtpengine.tries', settings.rtpengine.tries ?? 2, 1, 10);
  const maxbuffer = settings.receiveBufferBytes === undefined ? '' : `maxbuffer=${checkInt('receiveBufferBytes', settings.receiveBufferBytes, 65_536, 2 ** 31 - 1)}\n`;
  const vars = cfgVarValues(settings.params);

  const cfgVars = (Object.keys(CFG_VARS) as CfgVarKey[])
    // A string value is checked by its own module to hold no quote or backslash (cfgNat.ts: hex).
    .map((k) => `${CFG_GROUP}.${CFG_VARS[k]} = ${typeof vars[k] === 'string' ? `"${vars[k]}"` : vars[k]} desc "${CFG_DESCRIPTIONS[k]}"`)
    .join('\n');

  return `#!KAMAILIO
# Rendered by switch-agent. Do not edit: the agent rewrites this file.

#!define FLT_EARLY_SDP 1
#!define FLT_SDP_OFFER 2
# A call with RFC 4028 session timers (CALL_LIMIT): SESSION_ANSWER has work to do.
#!define FLT_SESSION_TIMER 3
# A NATed caller whose media goes to its source address (NAT_CALLER).
#!define FLT_NAT_MEDIA 4
# An attempt whose SS_SIP_TIMEOUT_* values are read from the cfg group, not the defaults (ATTEMPT_TIMERS).
#!define FLT_INVITE_TIMERS 5
${needsTcpStack(listenList(settings.listen)) ? '# The switch listens on TCP or TLS too: routes test the transport of a request.\n#!define SD_STREAMS\n' : ''}# Admission limit on shared memory in use, KB (0 = no limit). kamailioArgs sets it with -A from
# the -m size; \`kamailio -c\` of a candidate file runs without it.
#!trydef SHM_ADMIT_KB 0
# Memory in use (KB) from which the admission check estimates (cfgAdmission.ts), set with it.
#!trydef SHM_WATCH_KB 0

####### Global parameters #######
debug=${logLevel}
log_stderror=no
# The prefix is evaluated for every message received, whether a line is logged or not: the
# Call-ID alone, which ties a line to the call's trace and call record. With the message type,
# CSeq and method too it cost 9,700 instructions per call, against 3,900 (bench engineInstructions,
# issue 12). It quotes a packet field, so it is cut short: a whole 4 kB Call-ID overflowed the 1 kB
# print buffer and made every such packet, from anyone, print two ERROR lines.
log_prefix="{$(ci{s.substr,0,${LOG_PREFIX_CALLID_CHARS}})} "
fork=yes
children=${workers}
${maxbuffer}rundir="${rundir}"
${listenLines}
auto_aliases=no
# Loops walk tables item by item (the NAT keep-alive, cfgNat.ts): the default guard is 100.
max_while_loops=${MAX_WHILE_LOOPS}
${renderTcpGlobals(listenList(settings.listen))}
server_signature=no
sip_warning=0
dns=no
rev_dns=no
dns_try_ipv6=no

####### Runtime tunables (cfg.seti ${CFG_GROUP} <name> <int>) #######
${cfgVars}

####### Modules #######
loadmodule "jsonrpcs.so"
loadmodule "ctl.so"
loadmodule "cfg_rpc.so"
loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "db_sqlite.so"
loadmodule "db_flatstore.so"
loadmodule "permissions.so"
loadmodule "drouting.so"
loadmodule "dialog.so"
loadmodule "acc.so"
loadmodule "auth.so"
loadmodule "auth_db.so"
loadmodule "rtpengine.so"
loadmodule "statistics.so"
loadmodule "htable.so"
${CALL_MEDIA_MODULES}${IDENTITY_MODULES}${GATEWAY_LIMITS_MODULES}${renderTlsModule(listenList(settings.listen), settings.tlsConfigFile ?? `${rundir}/tls.cfg`)}
# RPC only on a FIFO and a UNIX socket with owner-only modes: no UDP/HTTP listener.
modparam("jsonrpcs", "transport", 2)
modparam("jsonrpcs", "fifo_name", "${fifo}")
modparam("jsonrpcs", "fifo_mode", 0600)
modparam("jsonrpcs", "fifo_reply_dir", "${replyDir}")
modparam("ctl", "binrpc", "unixs:${ctl}")
modparam("ctl", "mode", 0600)

${CALL_CONTROL_TM_PARAMS}
# 3: in failure_route, answer with the best reply of the branches created there only.
modparam("tm", "failure_reply_mode", 3)

modparam("rr", "enable_full_lr", 0)
modparam("rr", "append_fromtag", 1)

# The agent is the only writer (WAL); Kamailio must never write this file.
modparam("db_sqlite", "db_set_readonly", "${db}")

modparam("permissions", "db_url", "${sqliteUrl(db)}")
modparam("permissions", "db_mode", 1)
modparam("permissions", "load_backends", 1)
modparam("permissions", "peer_tag_avp", "$avp(peer_tag)")

modparam("drouting", "db_url", "${sqliteUrl(db)}")
modparam("drouting", "use_domain", 0)
modparam("drouting", "force_dns", 0)
modparam("drouting", "sort_order", 0)
modparam("drouting", "ruri_avp", "$avp(dr_ruri)")
modparam("drouting", "attrs_avp", "$avp(dr_attrs)")

# Password gateways: digests only (ha1), read per request, so no reload is needed.
modparam("auth_db", "db_url", "${sqliteUrl(db)}")
modparam("auth_db", "calculate_ha1", 0)
modparam("auth_db", "use_domain", 0)
modparam("auth_db", "load_credentials", "$avp(s:peer_tag)=tag;$avp(s:mgw_grp)=grp")

modparam("rtpengine", "rtpengine_sock", "udp:${ngAddress}:${ngPort}")
# A worker reads no SIP while it waits for rtpengine: see engineSizing.ts.
modparam("rtpengine", "rtpengine_tout_ms", ${ngTimeoutMs})
modparam("rtpengine", "rtpengine_retr", ${ngTries})
# Re-probe a failed rtpengine after 5 s (default 60 s), so a supervised restart is picked up soon.
modparam("rtpengine", "rtpengine_disable_tout", 5)

modparam("dialog", "db_mode", 0)
modparam("dialog", "enable_stats", 1)
${CALL_DURATION_DIALOG_PARAMS}

# Monitor counters, read by the agent with stats.get_statistics (switch-agent/src/monitor).
modparam("statistics", "variable", "sd_answered")
modparam("statistics", "variable", "sd_unauth_replied")
modparam("statistics", "variable", "sd_unauth_dropped")
modparam("statistics", "variable", "sd_admission_503")
# Calls up per gateway name; initval lets $shtinc create a key atomically.
modparam("htable", "htable", "sd_rgw_active=>size=10;initval=0;")
modparam("htable", "htable", "sd_mgw_active=>size=10;initval=0;")
${GATEWAY_LIMITS_MODPARAMS}${PUBLISH_MODPARAMS}${MEDIA_ANCHORING_MODPARAMS}
# CDRs: one line per dialog into append-only files, never SQLite (locks lose rows).
modparam("acc", "db_url", "flatstore:${cdrDir}")
modparam("acc", "cdr_enable", 1)
modparam("acc", "cdrs_table", "acc_cdrs")
modparam("acc", "cdr_log_enable", 0)
modparam("acc", "cdr_on_failed", 1)
modparam("acc", "cdr_expired_dlg_enable", 1)
${renderGatewayProbeModule(settings.gatewayProbe ?? { intervalSec: DEFAULT_PROBE_INTERVAL_SEC }, firstListen, sqliteUrl(db))}${renderUacRegModule(uacListen, sqliteUrl(db))}
${REFUSED_MODPARAMS}${ADMISSION_MODPARAMS}${CDR_EXTRA_MODPARAM}${AUTH_MODULES}${NAT_MODULES}${STREAM_REG_MODULES}${renderTraceModule(settings.trace)}${CFG_ROUTES}${CFG_AUTH_ROUTES}${CFG_NAT_ROUTES}${CFG_STREAM_REG_ROUTES}${CALL_MEDIA_ROUTES}${REFUSED_ROUTES}${CDR_RING_ROUTES}${CFG_DIAL_PLAN_ROUTES}${CFG_IDENTITY_ROUTES}${CFG_GATEWAY_PROBE_ROUTES}${GATEWAY_LIMITS_ROUTES}${CFG_PUBLISH_ROUTES}${MEDIA_ANCHORING_ROUTES}${CFG_TRANSPORT_ROUTES}${CFG_MEDIA_ENCRYPTION_ROUTES}${CFG_ENDPOINT_CALL_ROUTES}${CFG_ATTEMPT_ROUTES}${CFG_ENDPOINT_LIMITS_ROUTES}`;
}

/**
 * Shared memory (KB) the script lets calls use before it refuses new INVITEs with 503.
 *
 * Why: when shared memory runs out, Kamailio keeps accepting calls but then fails them half way:
 * the dialog misses the callee's tag (dlg_set_leg_info: no more shm mem), so the BYE is not
 * recognised and is answered 403, or the BYE's transaction cannot be built (500). Measured on
 * 64 MB at 500 calls/s: 555 of 3000 calls broke that way. Refusing new calls while a reserve is
 * left lets calls already up finish. The reserve (20%, at least 12 MB) covers what calls admitted
 * just before the limit still allocate (replies, ACK, BYE transaction) and the error of the
 * script's estimate of memory in use (cfgAdmission.ts: the reading it has is up to 1 s old).
 *
 * 0 (no limit) from 4096 MB up: `$stat()` is read as a 32-bit unsigned value and would wrap.
 */
export function shmAdmitKb(shmMb: number): number {
  const mb = checkInt('shmMb', shmMb, 64, 65536);
  if (mb >= 4096) return 0;
  const totalKb = mb * 1024;
  return totalKb - Math.max(12 * 1024, Math.ceil(totalKb * 0.2));
}

/**
 * Arguments for running Kamailio in the foreground with this cfg (the supervisor adds the rest).
 *
 * `-x tlsf`: with the default q_malloc, 64 MB at 500 calls/s failed allocations ("Free fragment
 * not found") while the pool read 6-12 MB free, so no admission limit was safe; tlsf served the
 * same load with no failure and ~8% less peak use (91 vs 98 MB at 500 calls/s).
 */
export function kamailioArgs(input: { cfgPath: string; pidFile: string; shmMb: number; pkgMb: number }): string[] {
  return [
    '-x',
    'tlsf',
    '-A',
    `SHM_ADMIT_KB=${shmAdmitKb(input.shmMb)}`,
    '-A',
    `SHM_WATCH_KB=${shmWatchKb(shmAdmitKb(input.shmMb))}`,
    '-DD',
    '-E',
    '-f',
    checkPath('cfgPath', input.cfgPath),
    '-P',
    checkPath('pidFile', input.pidFile),
    '-m',
    String(checkInt('shmMb', input.shmMb, 64, 65536)),
    '-M',
    String(checkInt('pkgMb', input.pkgMb, 5, 1024)),
  ];
}
