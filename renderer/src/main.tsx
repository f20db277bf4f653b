import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { getApi, getChannelStatus } from './bridge/api.ts';
import { ApiContext } from './bridge/api-context.ts';
import { installCspReporter } from './security/csp-reporter.ts';
import './styles.css';

// First, so content blocked while the app starts is reported too (S26).
installCspReporter(document, window.location.href, (report) => getApi().reportCspViolation(report));

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <ApiContext value={getApi()}>
      <App channel={getChannelStatus()} />
    </ApiContext>
  </StrictMode>,
);
