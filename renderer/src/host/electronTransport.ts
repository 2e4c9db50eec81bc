/** The Electron transport: the preload's `window.switchdeck` (contextBridge over IPC). */
import type { SwitchdeckBridge } from '@shared/rpc/hostWire';
import type { HostTransport } from './hostClient';

declare global {
  interface Window {
    /** Present only inside the Electron app (set by the preload). */
    switchdeck?: SwitchdeckBridge;
  }
}

export function electronBridge(): SwitchdeckBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.switchdeck;
}

export function electronTransport(bridge: SwitchdeckBridge): HostTransport {
  return { call: (method, params) => bridge.call(method, params), on: (event, listener) => bridge.on(event, listener) };
}
