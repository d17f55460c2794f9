/** Masking for screens, receipts, logs, test output and what central shares down: never a full name or number. */

/**
 * '张三'→'张*', '王小明'→'王*明', '欧阳娜娜'→'欧**娜', 'JOHN SMITH'→'J*** S****'.
 * Names written with spaces (Latin script) keep each word's initial; others keep the first and,
 * from three characters on, the last character.
 */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return '';
  if (/\s/.test(trimmed) || /^[\p{Script=Latin}'.-]+$/u.test(trimmed)) {
    return trimmed
      .split(/(\s+)/)
      .map((part) => (/^\s+$/.test(part) ? part : maskWord(part)))
      .join('');
  }
  const chars = Array.from(trimmed);
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

function maskWord(word: string): string {
  const chars = Array.from(word);
  return `${chars[0] ?? ''}${'*'.repeat(Math.max(0, chars.length - 1))}`;
}

/** Keeps the first 4 and last 4 characters of an ID number: 18 characters become '1101**********002X'. */
export function maskIdNumber(n: string): string {
  const chars = Array.from(n.trim());
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return `${chars.slice(0, 4).join('')}${'*'.repeat(chars.length - 8)}${chars.slice(-4).join('')}`;
}

/**
 * How a holder given in clear (name and/or ID number, from a booking service) is shown wherever
 * it travels on: '王*明 1101**********002X'. Central computes it; a masked string from a caller is
 * never taken, since nothing proves it masks anything.
 */
export function maskedHolder(holder: { name?: string; idNumber?: string }): string | undefined {
  const parts = [
    holder.name ? maskName(holder.name) : '',
    holder.idNumber ? maskIdNumber(holder.idNumber) : '',
  ];
  const shown = parts.filter((p) => p !== '').join(' ');
  return shown === '' ? undefined : shown;
}

/** A phone number's first three and last four digits (138****1234); shorter than seven: only stars. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(Math.max(digits.length, 4));
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
