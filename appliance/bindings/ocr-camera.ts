/**
 * The document camera binding: OCR of the frames the kiosk browser captures, with tesseract.js and
 * the language data shipped in node_modules. The models load on the first frame, not at start, so
 * an appliance that never reads a document never pays for them.
 */
import { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../../contract/api.ts';
import type { CameraConfig } from '../../contract/config/schema.ts';
import { isOcrError, OcrPool } from '../../drivers/ocr/index.ts';
import type { DocumentCamera } from './device-bindings.ts';

export class OcrCamera extends EventEmitter<{ health: [DeviceHealth] }> implements DocumentCamera {
  private pool: OcrPool | null = null;
  private current: DeviceHealth;

  constructor(private readonly config: CameraConfig) {
    super();
    this.current = { state: 'ok', detail: `OCR ready (${config.languages.join(', ')})`, since: Date.now() };
  }

  get health(): DeviceHealth {
    return this.current;
  }

  readIdCard(image: Buffer) {
    return this.run((pool) => pool.recognizeIdCard(image));
  }

  readMrz(image: Buffer) {
    return this.run((pool) => pool.recognizeMrz(image));
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }

  private async run<T>(job: (pool: OcrPool) => Promise<T>): Promise<T> {
    this.pool ??= new OcrPool({ size: this.config.poolSize, languages: this.config.languages });
    try {
      const result = await job(this.pool);
      if (this.current.state !== 'ok')
        this.setHealth({ state: 'ok', detail: 'OCR working', since: Date.now() });
      return result;
    } catch (err) {
      // A frame that is not an image is the frame's fault, not the camera's.
      if (isOcrError(err) && err.code === 'image-unreadable') throw err;
      this.setHealth({ state: 'fault', detail: `OCR failed: ${(err as Error).message}`, since: Date.now() });
      throw err;
    }
  }

  private setHealth(health: DeviceHealth): void {
    this.current = health;
    this.emit('health', health);
  }
}
