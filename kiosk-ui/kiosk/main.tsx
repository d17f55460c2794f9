import '../shared/base.css';
import './kiosk.css';
import './guide.css';
import './camera/camera.css';
import '@preact/signals';
import { effect } from '@preact/signals-core';
import { render } from 'preact';
import { apiPaths } from '../../contract/api.ts';
import { createApiClient } from '../shared/api-client.ts';
import { ErrorBoundary } from '../shared/error-boundary.tsx';
import { withGuideItems } from '../shared/guide-items.ts';
import { translate } from '../shared/i18n.ts';
import { language } from '../shared/lang.ts';
import { connectStateStream } from '../shared/state-stream.ts';
import { KioskApp } from './app.tsx';
import { createKioskFlow } from './flow.ts';
import { readerPlacement } from './reader-placement.ts';

const stream = withGuideItems(connectStateStream({ url: apiPaths.events }));
const api = createApiClient();
const flow = createKioskFlow(api, () => stream.live.peek().state, {
  onReset: () => {
    language.value = 'zh-CN';
  },
});
// The reader's card and the scanner's codes reach the model on every state push.
effect(() => {
  const state = stream.live.value.state;
  if (!state) return;
  void flow.cardChanged(state.card);
  flow.scanned(state.scan);
});
const reader = readerPlacement(location.search);
const root = document.getElementById('app');
const fallback = <main class="loading">{translate(language.peek(), 'kiosk.restarting')}</main>;
if (root) {
  render(
    <ErrorBoundary fallback={fallback} resetAfterMs={5000} onReset={flow.idle}>
      <KioskApp stream={stream} flow={flow} api={api} reader={reader} />
    </ErrorBoundary>,
    root,
  );
}
