/**
 * 证件拍照 (loaded only when tapped): the live picture of the kiosk's document camera, a frame to
 * hold the card or passport page in, and the reading loop. Once a number or MRZ reads with valid
 * check digits the appliance stands the resident at the kiosk as with a card on the reader, and
 * the flow takes it from there; this screen only shows what was read, masked.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DocumentKind, DocumentReadView, ServiceView } from '../../../contract/api.ts';
import { type ApiClient, ApiClientError } from '../../shared/api-client.ts';
import { serviceLabel } from '../../shared/format.ts';
import type { Translator } from '../../shared/i18n.ts';
import { useLang } from '../../shared/lang.ts';
import { SideFrame } from '../side-frame.tsx';
import { hintFor, runCapture } from './capture-loop.ts';

export interface CameraScreenProps {
  api: Pick<ApiClient, 'readDocument'>;
  service?: ServiceView;
  onBack: () => void;
}

/** After this long without a usable reading the screen says so and offers the counter. */
const CAPTURE_TIMEOUT_MS = 60_000;

type Phase = 'starting' | 'looking' | 'read' | 'no-camera' | 'fault' | 'timeout';

function grabber(video: HTMLVideoElement): () => Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  return () => {
    const { videoWidth: w, videoHeight: h } = video;
    if (!w || !h || video.readyState < 2) return Promise.resolve(null);
    canvas.width = w;
    canvas.height = h;
    canvas.getContext('2d')?.drawImage(video, 0, 0, w, h);
    return new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/jpeg', 0.9));
  };
}

export function CameraScreen({ api, service, onBack }: CameraScreenProps) {
  const { lang, t } = useLang();
  const video = useRef<HTMLVideoElement>(null);
  const [kind, setKind] = useState<DocumentKind>('id');
  const kindRef = useRef<DocumentKind>('id');
  const [phase, setPhase] = useState<Phase>('starting');
  const [last, setLast] = useState<DocumentReadView | null>(null);
  const [frames, setFrames] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    let stream: MediaStream | null = null;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 800 } },
          audio: false,
        });
      } catch {
        if (!abort.signal.aborted) setPhase('no-camera');
        return;
      }
      const el = video.current;
      if (abort.signal.aborted || !el) return;
      el.srcObject = stream;
      await el.play().catch(() => {});
      setPhase('looking');
      try {
        const result = await runCapture(
          {
            grab: grabber(el),
            read: (frame, k) => api.readDocument(frame, k),
            kind: () => kindRef.current,
            onFrame: (view, n) => {
              setLast(view);
              setFrames(n);
            },
            wait: (ms) => new Promise((r) => setTimeout(r, ms)),
            now: () => performance.now(),
          },
          abort.signal,
          { timeoutMs: CAPTURE_TIMEOUT_MS },
        );
        if (abort.signal.aborted) return;
        setPhase(result ? 'read' : 'timeout');
        if (result) el.dataset.capturedAfterMs = String(Math.round(result.elapsedMs));
      } catch (err) {
        if (!abort.signal.aborted) setPhase(err instanceof ApiClientError ? 'fault' : 'no-camera');
      } finally {
        for (const track of stream?.getTracks() ?? []) track.stop();
      }
    })();
    return () => {
      abort.abort();
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [api]);

  const choose = (k: DocumentKind) => {
    kindRef.current = k;
    setKind(k);
  };
  const title = service
    ? t('kiosk.camera.titleFor', { service: serviceLabel(lang, service) })
    : t('kiosk.camera.title');
  return (
    <SideFrame title={title} onBack={onBack}>
      <div class="camera-screen" data-testid="camera-screen" data-phase={phase} data-frames={frames}>
        <fieldset class="camera-kinds" aria-label={t('kiosk.camera.which')}>
          {(['id', 'mrz'] as const).map((k) => (
            <button
              key={k}
              type="button"
              class="camera-kind"
              aria-pressed={kind === k}
              data-testid={`camera-kind-${k}`}
              onClick={() => choose(k)}
            >
              {t(k === 'id' ? 'kiosk.camera.kind.id' : 'kiosk.camera.kind.mrz')}
            </button>
          ))}
        </fieldset>
        <div class={`camera-view camera-view-${kind}`}>
          <video ref={video} class="camera-video" muted playsInline autoPlay data-testid="camera-video" />
          <div class="camera-guide" aria-hidden="true" />
        </div>
        <p class="camera-hint" role="status" data-testid="camera-hint">
          {cameraMessage(t, phase, last, kind)}
        </p>
      </div>
    </SideFrame>
  );
}

function cameraMessage(
  t: Translator,
  phase: Phase,
  last: DocumentReadView | null,
  kind: DocumentKind,
): string {
  switch (phase) {
    case 'starting':
      return t('kiosk.camera.starting');
    case 'no-camera':
      return t('kiosk.camera.unavailable');
    case 'fault':
      return t('kiosk.camera.fault');
    case 'timeout':
      return t('kiosk.camera.timeout');
    case 'read':
      return last?.maskedName
        ? t('kiosk.camera.read', { number: last.maskedNumber ?? '', name: last.maskedName })
        : t('kiosk.camera.readNoName', { number: last?.maskedNumber ?? '' });
    case 'looking':
      return t(hintFor(last, kind));
  }
}
