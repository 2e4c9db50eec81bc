// English strings of the Network page (SIP listening addresses, firewall).
export const enNetwork = {
  listenersTitle: 'SIP listening addresses',
  listenersIntro: 'The addresses and UDP ports the switch receives SIP on, for example a public and a private interface. A port other than 5060 is probed less by scanners.',
  listenersNone: 'None set here: the switch listens on the address and port of the agent settings file (engine.sipAddress, engine.sipPort).',
  field: { name: 'Name', address: 'Address (IPv4)', port: 'UDP port' },
  everyInterface: 'every interface',
  add: 'Add address',
  remove: 'Remove listening address {{name}}',
  restartNote: 'Applying a change of these addresses restarts Kamailio (calls being set up at that moment fail). An address this server does not have is refused, and the switch keeps listening where it did.',
};
