/**
 * What the appliance is assembled from besides its configuration: one binding per device class and
 * the broker link. Real hardware and simulators are both just bindings; the assembly is the same.
 */
import type { IClientOptions, MqttClient } from 'mqtt';
import type { DeviceHealth } from '../../contract/api.ts';
import type { IdCardReader } from '../../drivers/idcard/index.ts';
import type { IdCardOcrResult, MrzOcrResult } from '../../drivers/ocr/index.ts';
import type { ReceiptPrinter } from '../../drivers/printer/index.ts';
import type { Scanner } from '../../drivers/scanner/index.ts';

/** The document camera's reading side: OCR of the frames the kiosk browser's camera captures. */
export interface DocumentCamera {
  readonly health: DeviceHealth;
  on(event: 'health', listener: (health: DeviceHealth) => void): this;
  off(event: 'health', listener: (health: DeviceHealth) => void): this;
  readIdCard(image: Buffer): Promise<IdCardOcrResult>;
  readMrz(image: Buffer): Promise<MrzOcrResult>;
  close(): Promise<void>;
}

/** How the fleet agent reaches central: the broker, and what it needs to connect there. */
export interface BrokerLink {
  url: string;
  protocolVersion: 4 | 5;
  /** Credentials: the enrolled kiosk's TLS certificate, or the demo broker's generated password. */
  mqttOptions?: Partial<IClientOptions>;
  /** Runs after each connect, before the birth (e.g. signed configuration sync). */
  onConnected?: (client: MqttClient) => Promise<void>;
  /** Says what a connection error means (e.g. which way the kiosk's certificate is out of date). */
  describeError?: (err: Error) => string;
}

/** Controls of simulated devices, served under /api/sim/ for the demo and tests (simulators only). */
export interface SimulationControls {
  placeCard(name: string): void;
  removeCard(): void;
  /** Scans a code on the simulated scanner, as a resident holding up a QR would. */
  scan(text: string): Promise<void>;
}

export interface DeviceBindings {
  reader: IdCardReader | null;
  scanner: Scanner | null;
  printer: ReceiptPrinter | null;
  camera: DocumentCamera | null;
  broker: BrokerLink | null;
  simulator?: SimulationControls;
  /** Closes every device (and simulator) the bindings opened. */
  close(): Promise<void>;
}
