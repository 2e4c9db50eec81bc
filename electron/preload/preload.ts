// Sandboxed preload: exposes exactly one surface, `window.switchdeck`, and nothing of Node or Electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_HOST_CALL, IPC_HOST_EVENT, type HostCallOutcome, type SwitchdeckBridge } from '@shared/rpc/hostWire';

const bridge: SwitchdeckBridge = {
  call: (method, params) => {
    if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
    return ipcRenderer.invoke(IPC_HOST_CALL, method, params) as Promise<HostCallOutcome>;
  },
  on: (event, listener) => {
    if (typeof event !== 'string' || typeof listener !== 'function') throw new TypeError('on(event: string, listener: function)');
    // The IpcRendererEvent (with its sender) never reaches the page: only the payload does.
    const onFrame = (_e: IpcRendererEvent, frame: { event: string; payload: unknown }) => {
      if (frame.event === event) listener(frame.payload);
    };
    ipcRenderer.on(IPC_HOST_EVENT, onFrame);
    return () => {
      ipcRenderer.removeListener(IPC_HOST_EVENT, onFrame);
    };
  },
};

contextBridge.exposeInMainWorld('switchdeck', bridge);
