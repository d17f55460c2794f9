/**
 * Documents read by the kiosk's camera: the browser posts a frame, OCR reads the ID number (and
 * name) or a passport / travel-permit MRZ. A valid ID card reading stands in for the card on the
 * reader (source 'camera') for a short while; nothing whose check digits fail is ever used.
 */
import type { DocumentKind, DocumentReadView } from '../../contract/api.ts';
import { type Identity, maskIdNumber, maskName } from '../../drivers/idcard/index.ts';
import type { IdCardOcrResult, MrzOcrResult, MrzReading } from '../../drivers/ocr/index.ts';
import { ApplianceError } from './errors.ts';
import type { EdgeEvent } from './events.ts';

/** The reading side of the document camera binding. */
export interface DocumentReader {
  readIdCard(image: Buffer): Promise<IdCardOcrResult>;
  readMrz(image: Buffer): Promise<MrzOcrResult>;
}

/** A person identified from a photo is forgotten after this long unless they act. */
const CAMERA_PERSON_MS = 2 * 60_000;

function identityFromNumber(number: string, name: string): Identity {
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  return {
    cardType: 'resident',
    name,
    gender: 'unknown',
    birthDate,
    number,
    checkDigitValid: true,
    validFrom: '',
    validTo: '',
    photo: { format: 'wlt', bytes: new Uint8Array(), decoded: null, note: 'read by OCR from a photo' },
  };
}

/** An MRZ date (YYMMDD) as YYYY-MM-DD: birth dates in the past century when ahead of today, expiries ahead. */
function mrzDate(yymmdd: string, kind: 'birth' | 'expiry', now = new Date()): string {
  const yy = Number(yymmdd.slice(0, 2));
  const thisYY = now.getUTCFullYear() % 100;
  const century = kind === 'birth' ? (yy > thisYY ? 1900 : 2000) : 2000;
  return `${century + yy}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

/**
 * A passport or travel permit whose MRZ checks all pass, as the person at the kiosk. Not a card
 * type the reader knows: the nearest one (a 港澳台 permit for a Chinese document, otherwise a
 * foreigner's) so the screens and queue treat the holder as a card holder; the number is the
 * document's, the name the MRZ's Latin one (outside every check digit, so it is shown masked only).
 */
function identityFromMrz(r: MrzReading): Identity {
  return {
    cardType: r.nationality === 'CHN' ? 'hmt-residence' : 'foreign-2017',
    name: '',
    nameEn: `${r.surname} ${r.givenNames}`.trim(),
    gender: r.sex === 'M' ? 'male' : r.sex === 'F' ? 'female' : 'unknown',
    birthDate: mrzDate(r.birthDate, 'birth'),
    number: r.documentNumber,
    checkDigitValid: true,
    nationality: r.nationality,
    validFrom: '',
    validTo: mrzDate(r.expiryDate, 'expiry'),
    photo: { format: 'wlt', bytes: new Uint8Array(), decoded: null, note: 'read by OCR from a photo (MRZ)' },
  };
}

export class DocumentDesk {
  private forget: NodeJS.Timeout | null = null;

  constructor(
    private readonly reader: DocumentReader | null,
    private readonly edge: (event: EdgeEvent) => void,
  ) {}

  /** Reads one frame; the camera binding reports unreadable frames and OCR faults as ApplianceErrors. */
  read(image: Buffer, kind: DocumentKind): Promise<DocumentReadView> {
    return this.readNow(image, kind);
  }

  private async readNow(image: Buffer, kind: DocumentKind): Promise<DocumentReadView> {
    if (!this.reader)
      throw new ApplianceError('camera.absent', 'this kiosk has no document camera configured', 503);
    if (kind === 'mrz') {
      const r = await this.reader.readMrz(image);
      if (r.kind === 'not-found')
        return { kind: 'not-found', valid: false, identified: false, problems: ['not-found'] };
      if (r.valid) {
        this.edge({ type: 'card.placed', identity: identityFromMrz(r), source: 'camera' });
        this.scheduleForget();
      }
      return {
        kind: 'mrz',
        valid: r.valid,
        maskedNumber: maskIdNumber(r.documentNumber),
        maskedName: maskName(`${r.surname} ${r.givenNames}`.trim()),
        identified: r.valid,
        problems: Object.entries(r.checks).flatMap(([check, ok]) => (ok ? [] : [check])),
      };
    }
    const r = await this.reader.readIdCard(image);
    if (r.kind === 'not-found')
      return { kind: 'not-found', valid: false, identified: false, problems: ['not-found'] };
    const view: DocumentReadView = {
      kind: 'id-card',
      valid: r.numberValid,
      maskedNumber: maskIdNumber(r.number),
      ...(r.name ? { maskedName: maskName(r.name) } : {}),
      identified: r.numberValid,
      problems: r.problems,
    };
    if (r.numberValid) {
      this.edge({
        type: 'card.placed',
        identity: identityFromNumber(r.number, r.name ?? ''),
        source: 'camera',
      });
      this.scheduleForget();
    }
    return view;
  }

  /** The resident is done (or the screen timed out): forget the person read from the photo. */
  forgetPerson(): void {
    if (this.forget) clearTimeout(this.forget);
    this.forget = null;
    this.edge({ type: 'card.removed', source: 'camera' });
  }

  close(): void {
    if (this.forget) clearTimeout(this.forget);
  }

  private scheduleForget(): void {
    if (this.forget) clearTimeout(this.forget);
    this.forget = setTimeout(() => this.forgetPerson(), CAMERA_PERSON_MS);
    this.forget.unref();
  }
}
