/**
 * The contract for system parameters (SS_*). Every other layer (model, config,
 * agent, renderer) reads parameters only through these types and the functions
 * exported from `shared/catalog/index.ts`.
 */

/** VOS3000 shows parameters on two pages: "SIP parameter" and "System parameter". */
export type ParamGroup = 'sip' | 'system';

export type ParamCategory =
  | 'security'
  | 'authentication'
  | 'registration'
  | 'gateway-switching'
  | 'timers'
  | 'session'
  | 'nat'
  | 'media'
  | 'outbound-registration'
  | 'presence'
  | 'call-limits'
  | 'caller-id';

/**
 * How a value is typed. The canonical JSON value of each kind:
 * - onoff        → boolean
 * - integer      → number (integer, inside [min, max])
 * - enum         → string (one of `options[].value`)
 * - string       → string
 * - numberList   → number[]
 * - autoOrInteger→ 'auto' | number
 * - noneOrInteger→ 'none' | number
 *
 * numberList `ascending`: each item must be ≥ the one before (equal items allowed).
 */
export type ParamType =
  | { kind: 'onoff' }
  | { kind: 'integer'; min: number; max: number; unit?: ParamUnit }
  | { kind: 'enum'; options: readonly { value: string; label: string; description?: string }[] }
  | { kind: 'string'; maxLength: number; pattern?: string; patternHint?: string; secret?: boolean }
  | { kind: 'numberList'; itemMin: number; itemMax: number; integerItems: boolean; minItems: number; maxItems: number; ascending?: boolean; unit?: ParamUnit }
  | { kind: 'autoOrInteger'; min: number; max: number; unit?: ParamUnit }
  | { kind: 'noneOrInteger'; min: number; max: number; unit?: ParamUnit };

export type ParamUnit = 'ms' | 's' | 'min' | 'h' | 'times' | 'calls' | 'bytes' | 'percent' | 'messages';

export type ParamValue = boolean | number | string | readonly number[];

/**
 * Honest statement of what the engine (Kamailio + rtpengine, driven by switch-agent) does with a value.
 * - enforced: the engine honours it; `test` names the test that proves it.
 * - approximated: the engine does something close; `how` says what differs.
 * - stored: kept in the configuration only; `why` says why it has no effect yet.
 * - not-engine: not an engine setting at all (an operator's free-text notes); `why` says what it is
 *   for. Nothing to prove and nothing planned: it is neither enforced nor "stored only". Gateway and
 *   endpoint settings only; a system parameter is always an engine setting (`ParamEngineSupport`).
 */
export type EngineSupport =
  | { status: 'enforced'; test: string }
  | { status: 'approximated'; how: string; test?: string }
  | { status: 'stored'; why: string }
  | { status: 'not-engine'; why: string };

/** What the catalog may say of a system parameter: every `SS_*` parameter is an engine setting. */
export type ParamEngineSupport = Exclude<EngineSupport, { status: 'not-engine' }>;

export interface ParamDef {
  readonly name: string;
  readonly group: ParamGroup;
  readonly category: ParamCategory;
  readonly type: ParamType;
  readonly default: ParamValue;
  /** Short description in our own words (not copied from the articles). */
  readonly description: string;
  /** Where the VOS3000 client shows it, e.g. "Softswitch management > Additional settings > SIP parameter". */
  readonly vosLocation: string;
  readonly related: readonly string[];
  readonly engine: ParamEngineSupport;
  /** Why a default or range was chosen where the source articles disagree or are silent. */
  readonly sourceNote?: string;
}

/**
 * Why a value or a combination is refused or discouraged, as a code and the values its sentence needs,
 * so an interface can say it in its own language. Value codes start with `value.` and their values hold
 * `name`, the typed `value` as quoted text (or `hidden` with `length` for a secret) and, for a list item,
 * `item` and `itemValue`; unknown names use `unknown`; cross-checks use `cross.` and the rule's numbers.
 */
export interface ParamReason {
  readonly code: string;
  readonly values: Readonly<Record<string, string | number>>;
}

/** An error or warning about a parameter value, naming the parameter(s). */
export interface ParamIssue {
  readonly severity: 'error' | 'warning';
  /** Parameter names involved; the first is the one the message is about. */
  readonly params: readonly string[];
  /** The English sentence, for logs, RPC answers and the command line. */
  readonly message: string;
  readonly reason: ParamReason;
}

export type ParseResult =
  | { ok: true; value: ParamValue }
  | { ok: false; error: ParamIssue };
