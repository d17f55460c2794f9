/**
 * The door to 证件拍照: the camera screen and its capture loop are a separate chunk, fetched only
 * when a resident taps it, so the kiosk's first load stays small.
 */
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { DeviceHealth } from '../../contract/api.ts';
import { useLang } from '../shared/lang.ts';
import type { CameraScreenProps } from './camera/camera-screen.tsx';
import { SideFrame } from './side-frame.tsx';

let loaded: Promise<FunctionComponent<CameraScreenProps>> | null = null;
const loadCameraScreen = () => {
  loaded ??= import('./camera/camera-screen.tsx').then((m) => m.CameraScreen);
  // A failed fetch may succeed on the next tap.
  loaded.catch(() => {
    loaded = null;
  });
  return loaded;
};

export function CameraEntry(props: CameraScreenProps) {
  const { t } = useLang();
  const [Screen, setScreen] = useState<FunctionComponent<CameraScreenProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadCameraScreen().then(
      (c) => live && setScreen(() => c),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  if (Screen) return <Screen {...props} />;
  return (
    <SideFrame title={t('kiosk.camera.title')} onBack={props.onBack}>
      <p class="camera-hint" role="status">
        {failed ? t('kiosk.camera.fault') : t('kiosk.camera.starting')}
      </p>
    </SideFrame>
  );
}

/** Whether this kiosk has a working document camera (the appliance reads its frames by OCR). */
export function cameraReady(camera: DeviceHealth | undefined): boolean {
  return camera?.state === 'ok' || camera?.state === 'warning';
}
