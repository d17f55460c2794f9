/** Masking lives in platform/masking.ts, shared with central (which masks a booking's holder itself). */
export { maskIdNumber, maskName } from '../../../platform/masking.ts';
