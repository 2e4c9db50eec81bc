// English strings of the Network page (SIP listening addresses, firewall).
export const enNetwork = {
  listenersTitle: 'SIP listening addresses',
  listenersIntro: 'The addresses, ports and transports the switch receives SIP on, for example a public and a private interface. A port other than 5060 is probed less by scanners. A routing gateway reached over TCP or TLS needs an address of that transport here: the switch sends to it from that address. TLS needs the certificate below first.',
  listenersNone: 'None set here: the switch listens on the address and port of the agent settings file (engine.sipAddress, engine.sipPort).',
  field: { name: 'Name', address: 'Address (IPv4)', port: 'Port', transport: 'Transport' },
  everyInterface: 'every interface',
  add: 'Add address',
  remove: 'Remove listening address {{name}}',
  tlsTitle: 'TLS certificate',
  tlsIntro: 'The certificate that TLS listening addresses present to callers. It is installed on the server at once (not staged), is not part of the configuration or its exports, and its private key is never shown again. The key must not have a passphrase.',
  tlsNone: 'No certificate is installed: TLS listening addresses cannot be added yet.',
  tlsInstalled: 'Installed: {{subject}}, valid until {{validTo}}, SHA-256 {{sha256}}',
  tlsCertificate: 'Certificate (PEM, chain may follow)',
  tlsKey: 'Private key (PEM)',
  tlsInstall: 'Install certificate',
  restartNote: 'Applying a change of these addresses restarts Kamailio (calls being set up at that moment fail). An address this server does not have is refused, and the switch keeps listening where it did.',
};
