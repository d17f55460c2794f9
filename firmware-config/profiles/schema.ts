/**
 * Hardware profiles: what the appliance needs to know about a reader, scanner or printer model
 * to recognise it by USB VID/PID and drive it. Data (known-profiles.json) validated by this schema.
 */
import { type Static, Type } from '@sinclair/typebox';

const Hex4 = Type.String({ pattern: '^[0-9a-f]{4}$' });

export const UsbId = Type.Object(
  {
    vendorId: Hex4,
    /** Absent: any product of this vendor (a weaker match). */
    productId: Type.Optional(Hex4),
  },
  { additionalProperties: false },
);
export type UsbId = Static<typeof UsbId>;

const common = {
  id: Type.String({ pattern: '^[a-z0-9-]{3,48}$' }),
  name: Type.String({ minLength: 1 }),
  usb: Type.Array(UsbId),
  /** The VID/PID belongs to a generic chip used by many unrelated devices: the installer confirms. */
  conflictProne: Type.Boolean({ default: false }),
  /** Where the facts come from; "[U]" marks values not checked against a real unit. */
  source: Type.String(),
};

export const ReaderProfile = Type.Object(
  {
    ...common,
    kind: Type.Literal('reader'),
    transport: Type.Union([Type.Literal('serial'), Type.Literal('hid')]),
    baudRate: Type.Optional(Type.Integer({ minimum: 1200, maximum: 921600 })),
  },
  { additionalProperties: false },
);

export const ScannerProfile = Type.Object(
  {
    ...common,
    kind: Type.Literal('scanner'),
    transport: Type.Union([Type.Literal('hid-keyboard'), Type.Literal('serial')]),
    baudRate: Type.Optional(Type.Integer({ minimum: 1200, maximum: 921600 })),
    /** What ends one scan. */
    suffix: Type.Union([Type.Literal('CR'), Type.Literal('LF'), Type.Literal('CRLF'), Type.Literal('TAB')]),
  },
  { additionalProperties: false },
);

export const PrinterHardwareProfile = Type.Object(
  {
    ...common,
    kind: Type.Literal('printer'),
    transport: Type.Union([Type.Literal('usb-printer'), Type.Literal('serial'), Type.Literal('tcp')]),
    baudRate: Type.Optional(Type.Integer({ minimum: 1200, maximum: 921600 })),
    /** The driver's profile ID (drivers/printer printerProfiles) used to build jobs. */
    driverProfile: Type.String(),
    widthDots: Type.Integer({ minimum: 200, maximum: 1000 }),
    columns: Type.Integer({ minimum: 16, maximum: 80 }),
    /** ESC t code table selected before Chinese mode. */
    codePage: Type.Integer({ minimum: 0, maximum: 255 }),
    /** Which 2-byte GB18030 characters the resident font has; the rest print as raster. */
    fontCoverage: Type.Union([Type.Literal('gbk'), Type.Literal('gb2312')]),
    /** Bytes sent at the start of every job, as hex. */
    initBytesHex: Type.String({ pattern: '^([0-9a-f]{2})*$' }),
    qrMode: Type.Union([Type.Literal('command'), Type.Literal('raster')]),
  },
  { additionalProperties: false },
);

export const HardwareProfile = Type.Union([ReaderProfile, ScannerProfile, PrinterHardwareProfile]);
export type HardwareProfile = Static<typeof HardwareProfile>;
export type DeviceKind = HardwareProfile['kind'];

export const HardwareProfileList = Type.Array(HardwareProfile);
