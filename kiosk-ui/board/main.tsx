import '../shared/base.css';
import './board.css';
import '@preact/signals';
import { render } from 'preact';
import { apiPaths } from '../../contract/api.ts';
import { connectStateStream } from '../shared/state-stream.ts';
import { createAnnouncer } from './announcer.ts';
import { BoardApp } from './app.tsx';
import { boardSettings, createBoardModel } from './board-model.ts';

const stream = connectStateStream({ url: apiPaths.events });
const board = createBoardModel(stream.live, boardSettings(location.search));
const announcer = createAnnouncer();
// Any touch or key on the board unlocks audio for browsers that block it until a gesture.
document.addEventListener('pointerdown', () => announcer.unlock(), { once: true });
document.addEventListener('keydown', () => announcer.unlock(), { once: true });
const root = document.getElementById('app');
if (root) render(<BoardApp stream={stream} board={board} announcer={announcer} />, root);
