export type CardType = 'resident' | 'hmt-residence' | 'foreign-2017' | 'foreign-2023';

export type Gender = 'male' | 'female' | 'unknown' | 'unstated';

/** The WLT photo as read; decoding needs a vendor library, so `decoded` stays null unless one is plugged in. */
export interface CardPhoto {
  format: 'wlt';
  bytes: Uint8Array;
  decoded: null;
  note: string;
}

export interface Identity {
  cardType: CardType;
  /** Chinese name as on the card ('' if none). */
  name: string;
  nameEn?: string;
  gender: Gender;
  /** Nation (民族) without 族, e.g. '汉' (resident cards). */
  nation?: string;
  nationCode?: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  address?: string;
  /** The ID or permit number as on the card. */
  number: string;
  /** GB 11643 MOD 11-2 (and the 2017 foreign card's 7-3-1 rule); false means: do not trust this card. */
  checkDigitValid: boolean;
  issuer?: string;
  /** 'YYYY-MM-DD' */
  validFrom: string;
  /** 'YYYY-MM-DD' or 'long-term' (长期). */
  validTo: string;
  photo: CardPhoto;
  /** 'J' card: home-return / Taiwan compatriot permit number (通行证号码). */
  passNumber?: string;
  /** 'J' card: how many times this permit number was issued (签发次数). */
  issueCount?: number;
  /** 'I' and 'Y' cards: GB/T 2659 alpha-3 nationality or region code. */
  nationality?: string;
  /** 'Y' card: renewal count (换证次数). */
  renewalCount?: number;
  /** 'I' card: card version (证件版本号). */
  cardVersion?: string;
  /** 'I' card: code of the accepting authority (当次申请受理机关代码). */
  authorityCode?: string;
  /** 'Y' card: link to the 2017 number (既往版本外国人永久居留证件号码关联项). */
  previousNumberLink?: string;
  /** Fields that did not hold what their format requires (e.g. a date that is not a date). */
  problems?: string[];
}

/** Turns WLT bytes into an image. None ships with the project: vendors' decoders are proprietary. */
export interface WltDecoder {
  decode(wlt: Uint8Array): Promise<Uint8Array>;
}
