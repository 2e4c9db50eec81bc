/** Where the VOS3000 client shows system parameters (manual §4.3.5.2, tables 4-3 and 4-4). */
export const SIP_PAGE = 'Operation management > Softswitch management > Additional settings > SIP parameter';
export const SYSTEM_PAGE = 'Operation management > Softswitch management > Additional settings > System parameter';

/** Shared prefix of every `engine.why` until the switch-agent engine driver exists. */
export const NOT_BUILT = 'Engine driver not built yet; planned:';
