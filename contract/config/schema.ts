/**
 * The one schema of the appliance configuration. Every configuration file is validated against
 * it at load, and a bad one is refused with the field and the problem named.
 */
import { type Static, Type } from '@sinclair/typebox';

export const CONFIG_SCHEMA_VERSION = 2;

/** One step (环节) of an item's handling, with its own limit in working days (e.g. 街道初审, 区级审批). */
export const CaseStepConfig = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]{1,32}$' }),
    name: Type.String({ minLength: 1, maxLength: 20 }),
    limitDays: Type.Integer({ minimum: 1, maximum: 365 }),
  },
  { additionalProperties: false },
);
export type CaseStepConfig = Static<typeof CaseStepConfig>;

/** An item a counter can accept an application for (受理), with its time limits in working days. */
export const CaseItemConfig = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]{1,48}$' }),
    name: Type.String({ minLength: 1, maxLength: 40 }),
    /** 法定时限: the limit the law sets. */
    legalLimitDays: Type.Integer({ minimum: 1, maximum: 365 }),
    /** 承诺时限: the (shorter) limit the centre promises; supervision runs against it. */
    promisedLimitDays: Type.Integer({ minimum: 1, maximum: 365 }),
    materials: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { default: [] }),
    fee: Type.String({ default: '免费', maxLength: 40 }),
    /** The steps a case of this item goes through after acceptance, in order; none when absent. */
    steps: Type.Optional(Type.Array(CaseStepConfig, { minItems: 1, maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type CaseItemConfig = Static<typeof CaseItemConfig>;

export const ServiceConfig = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]{1,32}$' }),
    prefix: Type.String({ pattern: '^[A-Z]$' }),
    name: Type.String({ minLength: 1, maxLength: 32 }),
    nameEn: Type.String({ minLength: 1, maxLength: 64 }),
    /** Daily number range, e.g. 1..999 → A001..A999. */
    firstNumber: Type.Integer({ minimum: 1, default: 1 }),
    lastNumber: Type.Integer({ minimum: 1, maximum: 9999, default: 999 }),
    requiresCard: Type.Boolean({ default: false }),
    /** Minutes a clerk typically needs, used for estimates until the day has observations. */
    typicalHandlingMin: Type.Number({ minimum: 0.5, maximum: 240, default: 6 }),
    caseItems: Type.Array(CaseItemConfig, { default: [] }),
  },
  { additionalProperties: false },
);
export type ServiceConfig = Static<typeof ServiceConfig>;

export const CounterConfig = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]{1,32}$' }),
    number: Type.Integer({ minimum: 1, maximum: 999 }),
    name: Type.String({ minLength: 1, maxLength: 32 }),
    serviceIds: Type.Array(Type.String(), { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type CounterConfig = Static<typeof CounterConfig>;

/** A USB device by its IDs, e.g. '1a86:7523': found at start (and on every reconnect) via the fingerprint tables. */
const UsbId = Type.String({ pattern: '^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$', description: 'VID:PID in hex' });

/** A GA 467 ID card reader on a serial port (RS-232, USB-serial bridge): by device path or by VID:PID. */
export const SerialReaderConfig = Type.Object(
  {
    transport: Type.Literal('serial'),
    path: Type.Optional(Type.String({ minLength: 1 })),
    usb: Type.Optional(UsbId),
    baudRate: Type.Integer({ default: 115200 }),
  },
  { additionalProperties: false },
);
/** A USB-HID reader (Miaxis report wrapper), by VID:PID, optionally pinned to one hidraw path. */
export const HidReaderConfig = Type.Object(
  { transport: Type.Literal('hid'), usb: UsbId, path: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);
export const ReaderConfig = Type.Union([SerialReaderConfig, HidReaderConfig]);
export type ReaderConfig = Static<typeof ReaderConfig>;

/** A QR scanner as a keyboard wedge (HID reports), by VID:PID or hidraw path. */
export const HidScannerConfig = Type.Object(
  {
    transport: Type.Literal('hid'),
    usb: Type.Optional(UsbId),
    path: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
/** A QR scanner in serial line mode, by device path or VID:PID; scanners ship at 9600 8N1. */
export const SerialScannerConfig = Type.Object(
  {
    transport: Type.Literal('serial'),
    path: Type.Optional(Type.String({ minLength: 1 })),
    usb: Type.Optional(UsbId),
    baudRate: Type.Integer({ default: 9600 }),
  },
  { additionalProperties: false },
);
export const ScannerConfig = Type.Union([HidScannerConfig, SerialScannerConfig]);
export type ScannerConfig = Static<typeof ScannerConfig>;

/**
 * A receipt printer: `uri` for TCP ('tcp://192.168.1.50:9100'), serial ('serial:/dev/ttyS0?baud=19200')
 * or a USB printer device file ('file:/dev/usb/lp0'); or `usb` (VID:PID) for a USB printer whose
 * /dev/usb/lpN is found at start. `profile` names the model's hardware profile.
 */
export const PrinterConfig = Type.Object(
  {
    uri: Type.Optional(Type.String({ pattern: '^(tcp|serial|file|usb):' })),
    usb: Type.Optional(UsbId),
    profile: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type PrinterConfig = Static<typeof PrinterConfig>;

/**
 * The document camera: the kiosk browser's camera captures a frame of an ID card or passport page
 * and posts it to the appliance, which reads it by OCR (tesseract.js, local language data only).
 */
export const CameraConfig = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    languages: Type.Array(Type.Union([Type.Literal('eng'), Type.Literal('chi_sim')]), {
      minItems: 1,
      uniqueItems: true,
      default: ['eng', 'chi_sim'],
    }),
    /** OCR workers held warm side by side; a kiosk reads one document at a time. */
    poolSize: Type.Integer({ minimum: 1, maximum: 4, default: 1 }),
  },
  { additionalProperties: false },
);
export type CameraConfig = Static<typeof CameraConfig>;

export const HardwareConfig = Type.Object(
  {
    reader: Type.Optional(Type.Union([Type.Null(), ReaderConfig])),
    scanner: Type.Optional(Type.Union([Type.Null(), ScannerConfig])),
    printer: Type.Optional(Type.Union([Type.Null(), PrinterConfig])),
    camera: Type.Optional(Type.Union([Type.Null(), CameraConfig])),
  },
  { additionalProperties: false, default: {} },
);
export type HardwareConfig = Static<typeof HardwareConfig>;

/**
 * Where the device key that seals personal data at rest comes from — never the data directory, so
 * a copied data directory opens nothing. A systemd credential (LoadCredentialEncrypted=, bound to
 * the TPM where the box has one), a key file on another path (mode 0400, checked at start), or an
 * environment variable (base64 of 32 bytes). Absent: the credential `shequ-device-key` when systemd
 * passes one, else $SHEQU_DEVICE_KEY when set, else the file DATA-keys/device.key beside the data
 * directory. A machine's own setting: `shequ start --config` takes it from the installer's file.
 */
export const DeviceKeyConfig = Type.Union([
  Type.Object(
    {
      source: Type.Literal('systemd-credential'),
      name: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { source: Type.Literal('file'), path: Type.String({ pattern: '^/' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      source: Type.Literal('env'),
      variable: Type.Optional(Type.String({ pattern: '^[A-Z_][A-Z0-9_]{0,63}$' })),
    },
    { additionalProperties: false },
  ),
]);
export type DeviceKeyConfig = Static<typeof DeviceKeyConfig>;

/** A token bucket: up to `burst` at once, `perMinute` regained a minute. */
const RateConfig = (burst: number, perMinute: number) =>
  Type.Object(
    {
      burst: Type.Integer({ minimum: 1, maximum: 10_000, default: burst }),
      perMinute: Type.Number({ minimum: 0.1, maximum: 10_000, default: perMinute }),
    },
    { additionalProperties: false, default: {} },
  );

/**
 * What one client of the hall's LAN may take. Card-less tickets: a rate per kiosk screen (or per
 * address for an unpaired client), a rate per service for all clients together, and daily shares
 * of a service's number range; staff issue by hand past them. The state stream: how many screens
 * may follow it, how long one may stall and how many bytes one connection carries before it is dropped.
 */
export const LimitsConfig = Type.Object(
  {
    cardless: Type.Object(
      {
        /** One kiosk screen (or one unpaired address): a person needs 10 s or more per ticket. */
        perScreen: RateConfig(20, 12),
        /** All clients together, per service. */
        perService: RateConfig(60, 30),
        /** Card-less tickets may use at most this share of a service's daily range; the rest is for cards and staff. */
        serviceDailyShare: Type.Number({ minimum: 0.05, maximum: 1, default: 0.9 }),
        /** One client that is not a paired kiosk screen may take at most this share of a service's range a day. */
        unpairedDailyShare: Type.Number({ minimum: 0.001, maximum: 1, default: 0.05 }),
      },
      { additionalProperties: false, default: {} },
    ),
    stream: Type.Object(
      {
        /** State-stream clients at once (kiosks, boards, counter terminals). */
        maxClients: Type.Integer({ minimum: 1, maximum: 10_000, default: 64 }),
        /** State-stream clients at once from one address or paired screen. */
        maxPerClient: Type.Integer({ minimum: 1, maximum: 1_000, default: 16 }),
        /** A client whose socket has not taken the last update for this long is dropped. */
        stallSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 60 }),
        /**
         * Bytes one stream connection carries before the appliance ends it (a reading screen's
         * EventSource opens a new one at once and gets the whole state): what a client that never
         * reads can make the box hold for it in its socket buffers, which would otherwise fill to
         * the kernel's 4 MB.
         */
        connectionBytes: Type.Integer({ minimum: 4096, maximum: 16 * 1024 * 1024, default: 256 * 1024 }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
);
export type LimitsConfig = Static<typeof LimitsConfig>;

export const ApplianceConfig = Type.Object(
  {
    schemaVersion: Type.Literal(CONFIG_SCHEMA_VERSION),
    kioskId: Type.String({ pattern: '^[A-Za-z0-9_-]{3,64}$' }),
    centre: Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        nameEn: Type.String({ minLength: 1 }),
        /** The centre's time zone decides when the day (and its ticket numbering) starts. */
        timeZone: Type.String({ default: 'Asia/Shanghai' }),
        /**
         * Where residents' phones reach this appliance's ticket page (e.g. the centre's LAN or public
         * address); the ticket QR then opens `{ticketPageUrl}/q/{code}`. Without it the QR holds the code alone.
         */
        ticketPageUrl: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$' })),
      },
      { additionalProperties: false },
    ),
    services: Type.Array(ServiceConfig, { minItems: 1 }),
    counters: Type.Array(CounterConfig, { minItems: 1 }),
    queue: Type.Object(
      {
        /** Age from which a card holder is offered a priority ticket. */
        elderlyAge: Type.Integer({ minimum: 50, maximum: 100, default: 65 }),
        /** Serve at most this many priority tickets in a row before a normal one. */
        priorityRatio: Type.Integer({ minimum: 1, maximum: 10, default: 2 }),
        /** How many times a no-show may be put back into the queue (0: never). */
        maxRequeues: Type.Integer({ minimum: 0, maximum: 5, default: 1 }),
      },
      { additionalProperties: false },
    ),
    supervision: Type.Object(
      {
        /** Working days before the promised deadline at which a case turns to warning. */
        warningDays: Type.Integer({ minimum: 0, maximum: 30, default: 2 }),
        /** Working days past the deadline after which a yellow card turns red. */
        redAfterDays: Type.Integer({ minimum: 1, maximum: 60, default: 5 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Holiday arrangements that replace or add to the shipped Chinese calendar, by year. */
    holidays: Type.Optional(Type.Unknown()),
    retention: Type.Object(
      {
        /** Days after which names, ID numbers and addresses are purged from tickets and closed cases. */
        personalDataDays: Type.Integer({ minimum: 1, maximum: 3650, default: 180 }),
      },
      { additionalProperties: false, default: {} },
    ),
    deviceKey: Type.Optional(DeviceKeyConfig),

    /** Limits on what one client may take (added in schemaVersion 2 with defaults: older files need no migration). */
    limits: LimitsConfig,
    /** The devices the appliance drives; each may be absent (null or left out): then it is a health state. */
    hardware: HardwareConfig,
    broker: Type.Union([
      Type.Null(),
      Type.Object(
        {
          url: Type.String({ pattern: '^(mqtts?|tcp|ssl|wss?)://' }),
          protocolVersion: Type.Union([Type.Literal(4), Type.Literal(5)], { default: 5 }),
        },
        { additionalProperties: false },
      ),
    ]),
    http: Type.Object(
      {
        host: Type.String({ default: '127.0.0.1' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
        /**
         * The staff panel over HTTPS on the LAN, with a server certificate from the district's device
         * CA. When set, staff log in only here: the plain listener keeps the kiosk and board. Without
         * cert/key the certificate is the one the district CA issued at enrolment
         * (`shequ provision --panel-name`), renewed by the fleet agent before it expires.
         */
        tls: Type.Optional(
          Type.Object(
            {
              host: Type.String({ default: '0.0.0.0' }),
              port: Type.Integer({ minimum: 0, maximum: 65535, default: 8443 }),
              cert: Type.Optional(Type.String({ pattern: '^/' })),
              key: Type.Optional(Type.String({ pattern: '^/' })),
              /** The names renewals ask for (default: those of the certificate held). */
              names: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 8 })),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ApplianceConfig = Static<typeof ApplianceConfig>;
