// Problems the switch's configuration checks find (shared/config/validate*.ts), said from their reason
// code (FieldError.reason), and failed calls said in plain words by their code. The checks' English
// sentence stays for logs and the agent's answers; here each says what is wrong and what is allowed.
// Checks that already have a form sentence (v.*) are said with it; see renderer/src/util/fieldProblem.ts.
export const enProblems = {
  field: {
    param: {
      unknown: 'parameter {{name}} is not known to this version of the switch; remove it',
      notSecret: 'only a password-like parameter can be kept hidden; enter its value',
      atDefault: 'equals the default value, so storing it changes nothing; you may reset it to the default',
    },
    name: { taken: 'another {{what}} is already named {{name}}; each name may be used only once' },
    item: { missing: 'there is no {{what}} named {{name}}; it may have been deleted meanwhile' },
    firewall: { onePolicy: 'only one firewall policy is allowed and {{other}} is one already; change that one instead' },
    prefix: {
      twice: 'prefix {{value}} is listed twice; list each prefix once',
      denyNone: 'the deny rule has no prefixes, so it denies nothing; add prefixes or allow every number',
    },
    code: { twice: 'code {{value}} is listed twice; list each code once' },
    routing: { twice: 'routing gateway {{value}} is listed twice; list each gateway once' },
    auth: { portIgnored: 'is ignored: IP authentication accepts every source port; clear it or choose IP + port authentication' },
    source: {
      self: '{{where}} is listed twice in this gateway; list each source address once',
      other: '{{where}} is already used by mapping gateway {{other}}; one source address may belong to one gateway only',
      ipPort: '{{ip}} port {{port}}',
    },
    listener: {
      tooMany: 'at most {{max}} listening addresses are allowed; there are {{count}}',
      portTaken: '{{address}} port {{port}} is already used by listening address {{other}}; choose another port',
      anyTaken: 'listening address {{other}} already takes port {{port}} on every interface (0.0.0.0); choose another port',
    },
    secret: { noneStored: 'no password is stored that could be kept; enter a value' },
    collection: {
      routingGateways: 'routing gateway',
      mappingGateways: 'mapping gateway',
      endpoints: 'endpoint',
      alertRules: 'alert rule',
      firewallRules: 'firewall rule',
      sipListeners: 'listening address',
      item: 'item',
    },
    /** A finding of the server this version has no sentence for: its own words are in the details. */
    refused: 'the server refused this value; its own words are under “Technical details”. Correct the field and try again.',
    warned: 'the server warns about this value; its own words are under “Technical details”.',
  },
  trace: {
    gone: 'The server no longer holds this trace (the connection was closed or the agent restarted). The messages shown here stay until you close it.',
    ended: 'This trace ended early: {{error}} The messages shown here stay until you close it.',
  },
  /** A live feed (calls, monitor, alerts) the server stopped without giving a reason. */
  feedEnded: 'The server stopped sending live updates for this view. Reconnect to the server or open the page again to resume them.',
  /** A live feed ended because Switchdeck's host process died and was started again (it took the server links with it). */
  hostRestarted: "Switchdeck's background process stopped and was started again, so this live view ended and the server was disconnected. Connect to the server again, then start the view again.",
  /** A failed call by its code: what happened and what to do. Connection codes use connectFail.*. */
  fail: {
    VALIDATION_FAILED: 'The server refused the change because some values are not allowed. Correct them and try again.',
    CONFLICT: 'The configuration was changed on the server meanwhile. Reload it and try again.',
    NOT_FOUND: 'The server does not have what was asked for (it may have been deleted meanwhile). Reload and try again.',
    NO_PENDING_CONFIRMATION: 'No change is waiting for confirmation on the server any more (it may have rolled back). Reload to see its state.',
    ENGINE_FAILED: 'The switch engine on the server could not carry out the change. Nothing was changed; see the details and try again.',
    BUSY: 'The server is busy with another change (for example one waiting for confirmation). Confirm or roll that back, then try again.',
    CANCELLED: 'The request was cancelled.',
    TIMEOUT: 'The server did not answer in time. Try again.',
    TOO_MANY_REQUESTS: 'The server is receiving too many requests. Wait a moment and try again.',
    STORAGE_FAILED: 'The server could not read or write its stored data. Check its disk, then try again.',
    PERMISSION_DENIED: 'The server does not allow this for your login.',
    METHOD_NOT_FOUND: 'The agent on the server is too old for this. Update the agent (right-click the server, “Install agent…”).',
    UNSUPPORTED_PROTOCOL: 'The agent on the server is too old or too new for this app. Install the matching agent.',
    INVALID_PARAMS: 'The server refused the request as malformed. This is a fault of the app; the details say what.',
    other: 'Something went wrong. Try again; “Technical details” shows the reason.',
  },
  /** A failed read (a list, a status, a live feed) whose problem.fail sentence would speak of a change. */
  failRead: {
    VALIDATION_FAILED: 'The server refused this request because some of its values are not allowed. Correct them and try again.',
    ENGINE_FAILED: 'The switch engine on the server could not answer this question now. Try again in a moment; “Technical details” shows the reason.',
  },
};
