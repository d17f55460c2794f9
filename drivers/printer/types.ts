/** Public value types of the receipt printer driver. */

export interface TicketDocument {
  centreName: string;
  serviceName: string;
  /** The queue number as called, e.g. 'A001'. */
  number: string;
  peopleAhead: number;
  estimatedWaitMin: number;
  issuedAt: Date;
  qrPayload: string;
  priority?: boolean;
  /** Already masked by the caller (e.g. '张*'); the driver never sees a full name. */
  holderMasked?: string;
  /** Set on a reprint (补打): printed as a marked line with this time. */
  reprintedAt?: Date;
  /** The numbers of the counters that serve this ticket's service. */
  counterNumbers?: number[];
  /** The day the ticket is valid on (当日有效), 'YYYY-MM-DD'. */
  validDay?: string;
  /** An appointment's ticket: the booked slot, 'HH:MM'. */
  appointmentSlot?: string;
}

export interface PrinterHealth {
  state: 'ok' | 'warning' | 'fault' | 'disconnected';
  detail?: string;
  since: number;
}

export interface DecodedLine {
  text: string;
  bold: boolean;
  doubleWidth: boolean;
  doubleHeight: boolean;
  align: 'left' | 'center' | 'right';
}

/** A raster image (GS v 0) as the printer received it: 1 bit per dot, MSB = leftmost dot. */
export interface DecodedRaster {
  widthDots: number;
  heightDots: number;
  bits: Buffer;
}

export interface DecodedJob {
  id: number;
  /** The decoded text, lines joined with '\n' (GB18030 decoded back to Unicode). */
  text: string;
  lines: DecodedLine[];
  qrCodes: string[];
  barcodes: string[];
  images: number;
  cuts: number;
  raw: Buffer;
  pngPath?: string;
  /** The raster images themselves, in print order (an addition to the lead's interface). */
  rasters?: DecodedRaster[];
  /** Printable width the virtual printer laid the job out on (384 dots = 58 mm, 576 = 80 mm). */
  widthDots?: number;
  /** The job as fixed-width text, one column per Font A cell (see virtual/paper-layout.ts). */
  layout?: string;
}

export type DecodedContent = Omit<DecodedJob, 'id' | 'raw' | 'pngPath' | 'widthDots' | 'layout'>;
