import '../shared/base.css';
import './rating.css';
import '@preact/signals';
import { render } from 'preact';
import { apiPaths } from '../../contract/api.ts';
import { createApiClient } from '../shared/api-client.ts';
import { connectStateStream } from '../shared/state-stream.ts';
import { RatingScreenApp } from './app.tsx';
import { createRatingScreen } from './rating-model.ts';

const stream = connectStateStream({ url: apiPaths.events });
const api = createApiClient();
const model = createRatingScreen(api, stream.live);
const root = document.getElementById('app');
if (root) render(<RatingScreenApp stream={stream} model={model} />, root);
