/** Where the VOS3000 client shows system parameters (manual §4.3.5.2, tables 4-3 and 4-4). */
export const SIP_PAGE = 'Operation management > Softswitch management > Additional settings > SIP parameter';
export const SYSTEM_PAGE = 'Operation management > Softswitch management > Additional settings > System parameter';

/**
 * Shared prefix of every `engine.why` of a parameter the engine does not apply yet. The engine driver
 * exists; what is missing is this parameter's part of it (same wording as gatewaySupport's).
 */
export const NOT_BUILT = 'Stored only: the engine does not apply it yet. Planned:';
