// English strings of the Network page (SIP listening addresses, firewall).
export const enNetwork = {
  listenersTitle: 'SIP listening addresses',
  listenersIntro: 'The addresses, ports and transports the switch receives SIP on, for example a public and a private interface. A port other than 5060 is probed less by scanners. A routing gateway reached over TCP needs a TCP address here: the switch sends to it from that address.',
  listenersNone: 'None set here: the switch listens on the address and port of the agent settings file (engine.sipAddress, engine.sipPort).',
  field: { name: 'Name', address: 'Address (IPv4)', port: 'Port', transport: 'Transport' },
  everyInterface: 'every interface',
  add: 'Add address',
  remove: 'Remove listening address {{name}}',
  restartNote: 'Applying a change of these addresses restarts Kamailio (calls being set up at that moment fail). An address this server does not have is refused, and the switch keeps listening where it did.',
};
