export type {
  EngineSupport,
  ParamCategory,
  ParamDef,
  ParamEngineSupport,
  ParamGroup,
  ParamIssue,
  ParamReason,
  ParamType,
  ParamUnit,
  ParamValue,
  ParseResult,
} from './types';
export { CATALOG, PARAM_NAMES, getParam, defaultValue } from './catalog';
export { parseParamInput, validateParamValue, formatParamValue, paramValueEquals } from './parse';
export type { FormatOptions } from './format';
export { checkCrossRules, CROSS_RULE_IDS, CROSS_REASON_CODES } from './rules';
export { VALUE_REASON_CODES } from './validate';
export { describeAllowed } from './describe';
