/** Moved to platform/ so central can write codes the kiosk reads (central bookings). */
export { fromBase32, toBase32 } from '../../platform/base32.ts';
