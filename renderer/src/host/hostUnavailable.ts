/** The window has no way to the host at all (no bridge, no token, no provider): the host-unreachable screen, not the window-error one. */
export class HostUnavailableError extends Error {
  override readonly name = 'HostUnavailableError';
}
