import '../shared/base.css';
import './admin.css';
import './cases.css';
import './notices.css';
import '@preact/signals';
import { render } from 'preact';
import { apiPaths } from '../../contract/api.ts';
import { createApiClient } from '../shared/api-client.ts';
import { withGuideItems } from '../shared/guide-items.ts';
import { connectStateStream } from '../shared/state-stream.ts';
import { AdminApp } from './app.tsx';

const stream = withGuideItems(connectStateStream({ url: apiPaths.events }));
const root = document.getElementById('app');
if (root) render(<AdminApp api={createApiClient()} stream={stream} />, root);
