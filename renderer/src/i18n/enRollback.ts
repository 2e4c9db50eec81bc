// English strings of the automatic-rollback notice and the "waiting for confirmation" markers.
export const enRollback = {
  headline: '{{name}}: revision {{revision}} was rolled back automatically because nobody confirmed it before its confirm window ran out.',
  undone: 'Undone: {{list}}.',
  undoneMore_one: '{{list}}; and {{count}} more change',
  undoneMore_other: '{{list}}; and {{count}} more changes',
  toastBare: '{{name}}: the switch rolled back a revision by itself (recorded as revision {{revision}}). See History.',
  noticeTitle: 'Revision {{revision}} was rolled back automatically',
  noticeBody: 'Nobody confirmed it before its confirm window ran out, so at {{time}} the switch went back to the configuration before it (recorded as revision {{recorded}}). These changes are no longer in effect:',
  noticeNoDetails: 'What it changed could not be read; see History.',
  dismiss: 'Dismiss',
  pendingTag: '{{name}}: waiting for confirmation ({{seconds}} s)',
  pendingTree: 'waiting for confirmation',
  rolledBackTag: '{{name}}: revision {{revision}} rolled back',
  rolledBackTree: 'rolled back',
};
