/**
 * Swedish personal identity numbers in text: a personnummer (YYMMDD-NNNN, YYMMDD+NNNN for those over 100,
 * YYYYMMDDNNNN, with or without the separator) or a samordningsnummer (the same with 60 added to the day).
 * stegvis never stores one: ids are the case system's opaque ids, and free text is checked for them.
 */
export type PersonalNumberKind = 'personnummer' | 'samordningsnummer';

export const personalNumberLabels = {
  personnummer: { sv: 'personnummer', en: 'a Swedish personal identity number (personnummer)' },
  samordningsnummer: { sv: 'samordningsnummer', en: 'a Swedish coordination number (samordningsnummer)' },
} as const satisfies Record<PersonalNumberKind, { sv: string; en: string }>;

// Ten or twelve digits, the separator optional; a digit on either side makes it part of a longer number.
const candidate = /(?<!\d)(?:18|19|20)?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})(?!\d)/g;

// A UUID's digits are random, and about one in 160,000 has a group that reads as a valid personnummer.
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const isDigit = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * Six digits in a row (`/\d{6}/`), by hand: it runs on every string and key of every command and event. It
 * reads where a run of six would end: a character there that is not a digit rules out the six windows through
 * it, so most text is read one character in six.
 */
export function sixDigits(text: string): boolean {
  let end = 5;
  while (end < text.length) {
    if (!isDigit(text, end)) {
      end += 6;
      continue;
    }
    // The digits in a row that end here: six is a find; fewer, and the next window that can hold six ends later.
    let run = 1;
    while (run < 6 && isDigit(text, end - run)) run++;
    if (run === 6) return true;
    end += 6 - run;
  }
  return false;
}

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The Luhn check over the ten digits YYMMDDNNNN: the last digit is the check digit. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function kindOf(yy: string, mm: string, dd: string, nnnn: string): PersonalNumberKind | undefined {
  const month = Number(mm);
  const day = Number(dd);
  const last = daysInMonth[month - 1];
  if (last === undefined) return undefined;
  const kind: PersonalNumberKind | undefined = day >= 1 && day <= last ? 'personnummer' : day >= 61 && day <= 60 + last ? 'samordningsnummer' : undefined;
  return kind && luhn(`${yy}${mm}${dd}${nnnn}`) ? kind : undefined;
}

/**
 * The kind of the first personnummer or samordningsnummer in a text, if there is one: a valid date (the day
 * plus 60 for a samordningsnummer) and a valid check digit. February 29 is accepted for any year, since a
 * ten-digit number does not say its century. A UUID (a host's command id) is not read as one.
 *
 * @example
 * personalNumberIn('P-811218-9876') // 'personnummer'
 * personalNumberIn('P-811218-9875') // undefined: the check digit is wrong
 */
export function personalNumberIn(text: string): PersonalNumberKind | undefined {
  // Every one of them has six digits in a row (the date): most texts, ids and instants have not.
  if (!sixDigits(text)) return undefined;
  for (const m of text.replace(uuid, ' ').matchAll(candidate)) {
    const kind = kindOf(m[1]!, m[2]!, m[3]!, m[4]!);
    if (kind) return kind;
  }
  return undefined;
}
