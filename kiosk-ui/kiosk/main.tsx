import '../shared/base.css';
import './kiosk.css';
import { render } from 'preact';
import { apiPaths } from '../../contract/api.ts';
import { createApiClient } from '../shared/api-client.ts';
import { ErrorBoundary } from '../shared/error-boundary.tsx';
import { translate } from '../shared/i18n.ts';
import { language } from '../shared/lang.ts';
import { connectStateStream } from '../shared/state-stream.ts';
import { KioskApp } from './app.tsx';
import { createKioskFlow } from './flow.ts';

const stream = connectStateStream({ url: apiPaths.events });
const api = createApiClient();
const flow = createKioskFlow(api, () => stream.live.get().state, { onReset: () => language.set('zh-CN') });
const root = document.getElementById('app');
const fallback = <main class="loading">{translate(language.get(), 'kiosk.restarting')}</main>;
if (root) {
  render(
    <ErrorBoundary fallback={fallback} resetAfterMs={5000} onReset={flow.idle}>
      <KioskApp stream={stream} flow={flow} api={api} />
    </ErrorBoundary>,
    root,
  );
}
