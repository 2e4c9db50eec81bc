import pkg from '../../package.json';

/** The agent ships from the same repository and version as the desktop app. */
export const AGENT_VERSION: string = pkg.version;
