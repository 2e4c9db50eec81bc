import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@blueprintjs/core/lib/css/blueprint.css';
import './i18n';
import './styles.css';
import { App, HostUnavailable } from './App';
import { HostProvider } from './host/HostContext';
import { startHost, type StartedHost } from './host/startHost';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

let started: StartedHost | null = null;
let startError: unknown = null;
try {
  started = startHost();
} catch (e) {
  startError = e;
}

createRoot(root).render(
  <StrictMode>
    {started ? (
      <HostProvider client={started.client}>
        <App />
      </HostProvider>
    ) : (
      <HostUnavailable error={startError} />
    )}
  </StrictMode>,
);
