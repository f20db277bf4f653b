import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { getApi, getChannelStatus } from './bridge/api.ts';
import { ApiContext } from './bridge/api-context.ts';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <ApiContext value={getApi()}>
      <App channel={getChannelStatus()} />
    </ApiContext>
  </StrictMode>,
);
