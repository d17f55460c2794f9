/** A person as stored: a keyed hash for lookups, the sealed details, and the masked form for screens. */
export interface PersonRef {
  /** HMAC of the ID number under the device key: equal numbers give equal refs, nothing else leaks. */
  ref: string;
  /** AES-GCM sealed JSON of {name, number, address?}. */
  sealed: string;
  maskedName: string;
  maskedNumber: string;
  /** Set when the sealed details were erased at the end of the retention period. */
  purgedAt?: number;
}
