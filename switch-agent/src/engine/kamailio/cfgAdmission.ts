// Admission control on shared memory: a new INVITE is refused with 503 while the memory in use,
// as estimated below, is past SHM_ADMIT_KB (renderCfg.ts shmAdmitKb; kamailioArgs sets it with -A).
// A call admitted with shared memory nearly gone fails half way (its dialog loses the callee's
// tag, or its BYE gets no transaction: 403/500 to the BYE), so refusing it up front is kinder.
//
// Why an estimate: `$stat(real_used_size)` is not live. The kex module caches it per process and
// refreshes it at most once a second (core_stats.c stats_shm_update, keyed on get_ticks()). At 400
// calls/s on 64 MB, use rose 16 MB within one such second, past the whole reserve, and BYEs were
// answered 500 (measured with test/integration/engine/load.test.ts). So the script adds what the
// calls admitted since that reading will hold: dialogs created since then (a live counter) times
// SHM_CALL_KB. A call holds about 42 KB until its transactions leave the wait timer 5 s later
// (measured at 400 calls/s: +15.8 MB for ~370 calls in 0.9 s, no call ended yet); 48 KB leaves room.
//
// The base is per process, like the reading: a worker's reading changes only when that worker
// reads it again in a new second, so the change is seen at the very moment the reading was taken.
// Script variables ($var) keep their value from one message to the next in the same process. The
// dialog counter is shared, so the calls any worker admitted since count. Errs on the side of
// refusing: the estimate ignores what is freed meanwhile (for at most a second).
//
// The estimate is script work: ~5,000 instructions per call against ~1,200 for a single test
// (bench engineInstructions, variant no-shm-admit; each statement costs its interpretation). So a
// call below SHM_WATCH_KB (three quarters of the limit) costs one test, and the estimate runs only
// above it. The quarter, with the reserve, is what one second may add before the estimate starts:
// at 64 MB that is 25 MB, about 500 calls/s of 48 KB; at 256 MB about 2,000 calls/s.
// Entering the zone, the base is taken at that moment although the reading may be up to 1 s old:
// those calls are left to the reserve.
export const ADMISSION_MODPARAMS = String.raw`
# What a call admitted holds in shared memory for the admission estimate, KB (cfgAdmission.ts).
#!define SHM_CALL_KB 48
`;

/** Inlined in request_route before dlg_manage (a route() hop would cost every call). */
export const ADMISSION_CHECK = String.raw`
	# Admission control (cfgAdmission.ts): shared memory in use, estimated, against SHM_ADMIT_KB.
	if (SHM_ADMIT_KB > 0 && $stat(real_used_size) / 1024 > SHM_WATCH_KB) {
		$var(shm_kb) = $stat(real_used_size) / 1024;
		if ($var(shm_kb) != $var(shm_base_kb)) {
			$var(shm_base_kb) = $var(shm_kb);
			$var(shm_base_dlg) = $stat(processed_dialogs);
		}
		if ($var(shm_kb) + ($stat(processed_dialogs) - $var(shm_base_dlg)) * SHM_CALL_KB > SHM_ADMIT_KB) {
			update_stat("sd_admission_503", "+1");
			$var(sd_code) = 503; $var(sd_reason) = "switch memory nearly full"; route(SD_REFUSED);
			sl_send_reply("503", "Service Unavailable");
			exit;
		}
	}
`;

/**
 * Where the estimate starts (KB): three quarters of the admission limit. Below it a call costs one
 * test, as before the estimate; above it the script tracks the readings and counts calls.
 */
export function shmWatchKb(admitKb: number): number {
  return Math.floor((admitKb / 4) * 3);
}
