// SRTP towards a routing gateway (its `mediaEncryption`, drouting attrs `srtp=sdes|dtls`).
// rtpengine does the crypto: the offer to the gateway is encrypted media and the gateway's answer
// is turned back into what the caller offered, so a plain-RTP caller keeps plain RTP/AVP and
// rtpengine encrypts/decrypts in between.
//  - sdes: RTP/SAVP with SDES keys in a=crypto (rtpengine's own default suites). DTLS=off: left on,
//    rtpengine also writes a=fingerprint/a=setup into an RTP/SAVP offer, and a gateway could then
//    pick DTLS although the operator chose SDES.
//  - dtls: UDP/TLS/RTP/SAVP with a=fingerprint and a=setup:actpass (RFC 5763); the keys come from
//    a DTLS handshake on the media path, none travel in the SDP (SDES-off: no a=crypto lines).
// Not VOS3000's proprietary payload cipher (SS_RTPENCRYPTIONMODE), which has no public specification.
// Media flags of the branch offer are built here; MEDIA_OFFER (cfgMediaAnchoring.ts) uses them.
// A late-offer call (INVITE without SDP) gets the gateway's offer in its 200: MEDIA_ANSWER takes it
// with MEDIA_LATE_OFFER_FLAGS, which turns it into plain RTP/AVP for the caller (without, the
// caller was offered the gateway's RTP/SAVP and keys). A gateway with SRTP that offers plain RTP
// is taken as it is: the switch can only offer, not impose, encryption in a reply.
export type SrtpKeying = 'sdes' | 'dtls';

export const srtpAttr = (keying: SrtpKeying): string => `;srtp=${keying}`;

export const CFG_MEDIA_ENCRYPTION_ROUTES = String.raw`
# Sets $var(mflags): rtpengine flags of the offer to the gateway drouting picked.
route[MEDIA_FLAGS] {
	$var(mflags) = "replace-origin replace-session-connection";
	# The attribute parsed once (a test per keying parsed it twice for every plain gateway).
	$var(srtp) = $(avp(dr_attrs){param.value,srtp});
	if ($var(srtp) == "sdes") {
		$var(mflags) = $var(mflags) + " RTP/SAVP DTLS=off";
	} else if ($var(srtp) == "dtls") {
		$var(mflags) = $var(mflags) + " UDP/TLS/RTP/SAVP SDES-off";
	}
}

# A gateway's offer in its reply (a late-offer call), $var(mflags) the reply's flags: plain RTP/AVP
# towards the caller when the gateway drouting picked has SRTP.
route[MEDIA_LATE_OFFER_FLAGS] {
	if ($(avp(dr_attrs){param.value,srtp}) == "sdes" || $(avp(dr_attrs){param.value,srtp}) == "dtls") {
		$var(mflags) = $var(mflags) + " RTP/AVP";
	}
}
`;
