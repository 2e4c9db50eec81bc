import type { ParamDef } from '../types';
import { NOT_BUILT, SYSTEM_PAGE } from './locations';

export const SECURITY_PARAMS: ParamDef[] = [
  {
    name: 'SS_REPLY_UNAUTHORIZED',
    group: 'system',
    category: 'security',
    type: { kind: 'onoff' },
    default: true,
    description:
      'When On, requests from unknown sources get a 401/403 reply. When Off, they are dropped without any reply, so SIP scanners cannot see the server.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_SIP_AUTHENTICATION_CODE', 'SS_SIP_AUTHENTICATION_RETRY'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/agent-serve.test.ts › SS_REPLY_UNAUTHORIZED: 403 to unknown sources when On, silence when Off, switched without a restart',
    },
    sourceNote:
      'With password accounts (endpoints, password mapping gateways) every source could be a device about to log in. Off: a request without ' +
      'credentials is challenged only when its source address logged in successfully within the last hour, otherwise dropped. The decision never ' +
      'depends on the user name, so svwar cannot list accounts (test/integration/agent/auth-limits.test.ts, the svwar test). A new device at a new ' +
      'address then cannot register until this is On, the symptom the articles\' troubleshooting section describes. Suspended sources get silence either way.',
  },
  {
    name: 'SS_RTPENCRYPTIONMODE',
    group: 'system',
    category: 'security',
    type: {
      kind: 'enum',
      options: [
        { value: '0', label: 'None', description: 'RTP payload is sent in plain form.' },
        { value: '1', label: 'XOR', description: 'Payload is XORed with the key: light obfuscation, not real security.' },
        { value: '2', label: 'RC4', description: 'RC4 stream cipher: moderate protection, low CPU cost.' },
        { value: '3', label: 'AES128', description: 'AES-128 block cipher: strongest option, highest CPU cost; key must be 16 bytes.' },
      ],
    },
    default: '0',
    description:
      'Algorithm the switch uses to scramble the RTP payload towards another VOS3000-compatible system. This is a private scheme, not SRTP; both sides need the same mode and key.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_RTPENCRYPTIONKEY'],
    engine: {
      status: 'stored',
      why:
        `${NOT_BUILT} none: not offered, on purpose. ` +
        'The VOS3000 XOR/RC4/AES128 payload scheme has no public specification, so the switch cannot claim to interoperate with it and does not apply it. ' +
        'What the switch offers instead is standard SRTP per routing gateway, keyed by SDES or by DTLS-SRTP (the gateway setting mediaEncryption = sdes or dtls; rtpengine encrypts that leg, the caller keeps plain RTP), proven end to end against a second rtpengine by test/integration/agent/srtp-call.test.ts.',
    },
  },
  {
    name: 'SS_RTPENCRYPTIONKEY',
    group: 'system',
    category: 'security',
    type: {
      kind: 'string',
      maxLength: 64,
      pattern: '^[\\x21-\\x7E]*$',
      patternHint: 'printable ASCII characters without spaces',
      secret: true,
    },
    default: '',
    description:
      'Shared key for RTP payload encryption. It must be exactly the same on the switch and on the other side; AES128 needs exactly 16 characters.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_RTPENCRYPTIONMODE'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} none: not offered. ` + 'It is the key of the proprietary SS_RTPENCRYPTIONMODE scheme, which the switch does not apply (see that entry). SRTP per routing gateway needs no shared key: rtpengine generates the keys and exchanges them in the SDP (SDES) or agrees them in a DTLS handshake (DTLS-SRTP).',
    },
    sourceNote:
      'The articles give no default and no maximum length. Default is empty because the default mode (0, None) needs no key. ' +
      'Limit of 64 printable ASCII characters without spaces: AES128 needs exactly 16 bytes and RC4 allows up to 256 bits (32 bytes); ' +
      'ASCII keeps characters equal to bytes, and the articles warn that trailing spaces and escaped special characters break matching keys.',
  },
];
