/**
 * The one schema of the appliance configuration. Every configuration file is validated against
 * it at load, and a bad one is refused with the field and the problem named.
 */
import { type Static, Type } from '@sinclair/typebox';

export const CONFIG_SCHEMA_VERSION = 1;

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
    hardware: Type.Object(
      {
        reader: Type.Union([
          Type.Null(),
          Type.Object({ path: Type.String(), baudRate: Type.Integer({ default: 115200 }) }),
        ]),
        printer: Type.Union([Type.Null(), Type.Object({ uri: Type.String(), profile: Type.String() })]),
      },
      { additionalProperties: false },
    ),
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
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ApplianceConfig = Static<typeof ApplianceConfig>;
