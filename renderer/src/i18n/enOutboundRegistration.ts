// English strings of the routing gateways' registrations to their carriers (gateway table column).
export const enOutboundRegistration = {
  registered: 'Registered',
  registering: 'Registering',
  failed: 'Failed',
  waiting: 'Waiting',
  unregistered: 'Unregistered',
  unknown: 'Checking',
  registeredTitle: 'Registered at {{registrar}} until {{until}} (asked for {{asked}} s).',
  registeringTitle: 'A REGISTER to {{registrar}} is waiting for its answer.',
  failedTitle: 'The last REGISTER to {{registrar}} was refused or not answered at {{failedAt}}. Next try at {{next}} ({{delay}} s later).',
  waitingTitle: 'A REGISTER to {{registrar}} goes out in a moment.',
  unregisteredTitle: 'The registration at {{registrar}} was cancelled (Expires: 0).',
  unknownTitle: 'The switch does not answer about this registration now.',
};
