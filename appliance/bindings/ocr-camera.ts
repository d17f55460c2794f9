/**
 * The document camera binding: OCR of the frames the kiosk browser captures, with tesseract.js and
 * the language data shipped in node_modules. The models load on the first frame, not at start, so
 * an appliance that never reads a document never pays for them.
 */
import { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../../contract/api.ts';
import type { CameraConfig } from '../../contract/config/schema.ts';
import type { OcrPool } from '../../drivers/ocr/index.ts';
import { ApplianceError } from '../core/errors.ts';
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

  /** The OCR engine (tesseract.js and its image code) is loaded with the first frame, not at start. */
  private async run<T>(job: (pool: OcrPool) => Promise<T>): Promise<T> {
    const ocr = await import('../../drivers/ocr/index.ts');
    this.pool ??= new ocr.OcrPool({ size: this.config.poolSize, languages: this.config.languages });
    try {
      const result = await job(this.pool);
      if (this.current.state !== 'ok')
        this.setHealth({ state: 'ok', detail: 'OCR working', since: Date.now() });
      return result;
    } catch (err) {
      // A frame that is not an image is the frame's fault, not the camera's.
      if (ocr.isOcrError(err) && err.code === 'image-unreadable') {
        throw new ApplianceError('document.unreadable', 'the frame is not an image OCR can read', 422);
      }
      this.setHealth({ state: 'fault', detail: `OCR failed: ${(err as Error).message}`, since: Date.now() });
      throw new ApplianceError('camera.fault', `OCR is not working: ${(err as Error).message}`, 503);
    }
  }

  private setHealth(health: DeviceHealth): void {
    this.current = health;
    this.emit('health', health);
  }
}
