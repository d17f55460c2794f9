/**
 * Receipt printer driver: ESC/POS documents in Chinese (GB18030 with FS &, raster for
 * characters the printer's font lacks), supervised printers over TCP 9100 / serial / USB
 * device file with DLE EOT status and a spool, and a virtual printer for tests and demos.
 */
export {
  type AcceptanceReceiptDocument,
  buildAcceptanceReceiptJob,
  type MaterialItem,
} from './documents/acceptance-receipt.ts';
export {
  buildCorrectionNoticeJob,
  type CorrectionNoticeDocument,
} from './documents/correction-notice.ts';
export { buildFormCopyJob, type FormCopyDocument } from './documents/form-copy.ts';
export {
  buildMaterialsChecklistJob,
  type MaterialsChecklistDocument,
} from './documents/materials-checklist.ts';
export { buildTestPageJob } from './documents/test-page.ts';
export { buildTicketJob } from './documents/ticket.ts';
export {
  InvalidPrinterUriError,
  PrinterClosedError,
  PrinterConnectionLostError,
  PrinterError,
  PrinterStatusTimeoutError,
  PrinterUnreachableError,
  UnknownJobError,
} from './errors.ts';
export { EscPosJobBuilder, type TextStyle } from './escpos/job-builder.ts';
export type { PrinterCondition, PrinterStatus } from './escpos/status.ts';
export { type OpenPrinterOptions, openPrinter } from './open-printer.ts';
export { type FontCoverage, type PrinterProfile, printerProfiles } from './profiles.ts';
export type { Bitmap } from './raster/bitmap.ts';
export {
  CanvasGlyphRasterizer,
  GlyphFontMissingError,
  type GlyphRasterizer,
  type RenderLineOptions,
} from './raster/glyph-rasterizer.ts';
export type { ReceiptPrinter } from './session/printer-session.ts';
export {
  listUsbPrinters,
  matchFingerprint,
  USB_PRINTER_FINGERPRINTS,
  type UsbPrinterDevice,
  type UsbPrinterFingerprint,
} from './transport/usb-printers.ts';
export type { DecodedJob, DecodedLine, DecodedRaster, PrinterHealth, TicketDocument } from './types.ts';
export { decodeEscPos } from './virtual/escpos-decoder.ts';
export { renderJobPng } from './virtual/render-png.ts';
export {
  startVirtualPrinter,
  transcript,
  type VirtualPrinter,
  type VirtualPrinterOptions,
  type VirtualPrinterState,
} from './virtual/virtual-printer.ts';
