// Why connecting to a server failed, in plain words: what happened, then what to do. The host's
// technical text (socket paths, SSH wording) is shown only in the toast's details view.
export const enConnectFail = {
  'channel-refused': 'SSH works, but the agent is not running on this server (or it is not installed). Install it (right-click the server and choose "Install agent…") or start it. If it runs, SSH on the server may not allow forwarding to it: see the technical details.',
  'connection-refused': 'The server refused the SSH connection: SSH is not running there or uses another port. Check the SSH port in the server’s settings and that SSH runs on the server.',
  timeout: 'The server did not answer in time. Check that it is on and reachable from this computer, then try again.',
  dns: 'The server name was not found. Check the host name, or use the IP address.',
  network: 'The server cannot be reached over the network. Check its address and this computer’s network connection.',
  'auth-failed': 'The server did not accept the login. Check the SSH user and the key or password in the server’s settings.',
  'auth-cancelled': 'Signing in was cancelled, so the server was not connected.',
  'credentials-needed': 'The server asks for a password or passphrase that is not stored. Connect to it and enter it.',
  'key-unreadable': 'The private key file cannot be read. Check the file path in the server’s settings and its passphrase.',
  'host-key-changed': 'The server’s host key is different from the one saved before. Nothing was sent. Check the new key with the server’s administrator before you trust it.',
  'host-key-revoked': 'The server showed a host key that is marked as revoked. Nothing was sent. Ask the server’s administrator.',
  'host-key-rejected': 'The server’s host key was not accepted, so nothing was sent. Connect again to check the key.',
  'host-key-unverifiable': 'The server’s host key could not be checked. Connect again and confirm the key.',
  'host-key-unknown': 'The server’s host key is not trusted yet. Connect to the server once and accept its key.',
  protocol: 'The SSH exchange with the server failed. Try again; if it keeps failing, check SSH on the server.',
  closed: 'The server closed the connection. Try again.',
  'not-connected': 'The server is not connected. Connect to it and try again.',
  'not-answering': 'The agent on the server did not answer in time. Try again; if this keeps happening, check the server’s load.',
  other: 'Something went wrong while connecting. Try again; “Technical details” shows the reason.',
};
