// SRTP towards a routing gateway (its `mediaEncryption: sdes`, drouting attrs `srtp=sdes`).
// rtpengine does the crypto: the offer to the gateway gets RTP/SAVP with SDES keys (a=crypto,
// rtpengine's own default suites), and the gateway's answer is turned back into what the caller
// offered, so a plain-RTP caller keeps plain RTP/AVP and rtpengine encrypts/decrypts in between.
// Not VOS3000's proprietary payload cipher (SS_RTPENCRYPTIONMODE), which has no public specification.
// Media flags of the branch offer are built here; MEDIA_OFFER (cfgMediaAnchoring.ts) uses them.
export const SRTP_ATTR = ';srtp=sdes';

export const CFG_MEDIA_ENCRYPTION_ROUTES = String.raw`
# Sets $var(mflags): rtpengine flags of the offer to the gateway drouting picked.
route[MEDIA_FLAGS] {
	$var(mflags) = "replace-origin replace-session-connection";
	if ($(avp(dr_attrs){param.value,srtp}) == "sdes") {
		$var(mflags) = $var(mflags) + " RTP/SAVP";
	}
}
`;
