// Personal data, only looked for when the user opts in (gptWorkbench.redact.personalData). Each shape is
// validated beyond the regex — Luhn for cards, mod-97 and the country's length for IBANs, digit counts
// and separator consistency for phone numbers — so version numbers, dates, IPs and ids stay untouched.
import type { Candidate } from './kinds';

const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24})(?![A-Za-z0-9-]|\.[A-Za-z0-9])/dg;
/** Documentation domains (RFC 2606/6761) and file extensions that follow `@2x`-style image names. */
const NON_PERSONAL_DOMAIN =
  /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost|local)$|^\d+x\.|\.(?:png|jpe?g|gif|svg|webp|avif|ico|js|mjs|cjs|ts|tsx|jsx|css|scss|json|map|html?|wasm)$/i;
/** git@github.com:org/repo is an SSH remote, not a person. */
const SSH_REMOTE = /^git@/;

const INTERNATIONAL_PHONE = /(?<![\w+.-])\+[1-9]\d{0,3}(?:[ .-]?\(?\d{1,5}\)?){1,6}(?!\w|[.-]\d)/g;
const NANP_PHONE = /(?<![\w.+-])(?:\(\d{3}\)[ .-]?|\d{3}([ .-]))\d{3}[ .-]\d{4}(?!\w|[.-]\d)/g;
// Not inside a longer run of number groups: hex dumps ("<Buffer 01 02 03 04 05 06>") and tables.
const TRUNK_PHONE =
  /(?<![\w.+-]|[\dA-Fa-f]{2} |Buffer )0\d{1,4}(?:[ /-]\d{2,8}){1,4}(?!\w|[.-]\d| [\dA-Fa-f]{2}\b)/g;
/** 555-0100 … 555-0199 are reserved for fiction and documentation in North America. */
const FICTIONAL_NANP = /^1?\d{3}55501\d\d$/;
/** Card numbers published by payment providers for testing. */
const TEST_CARDS = new Set([
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '5105105105105100',
  '4012888888881881',
]);

const CARD = /(?<![\w.+-])\d(?:[ -]?\d){12,22}(?!\w|[.-]\d)/g;
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g;

// prettier-ignore
const IBAN_LENGTHS: Record<string, number> = Object.fromEntries(
  ('AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 ES24 ' +
   'FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 ' +
   'LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 ' +
   'SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20')
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))]),
);

const digitsOf = (s: string): string => s.replace(/\D/g, '');
const allSame = (digits: string): boolean => /^(\d)\1*$/.test(digits);

/** Same separator throughout ("030 1234 567" or "030-1234-567", not "2024-01 15"). */
function consistentSeparators(s: string): boolean {
  return new Set(s.match(/[ ./-]/g) ?? []).size <= 1;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

function ibanValid(iban: string): boolean {
  const compact = iban.replace(/ /g, '');
  if (IBAN_LENGTHS[compact.slice(0, 2)] !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

function scanEmails(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(EMAIL)) {
    const domain = m[1] ?? '';
    if (NON_PERSONAL_DOMAIN.test(domain) || SSH_REMOTE.test(m[0])) continue;
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'EMAIL' });
  }
}

function scanPhones(text: string, out: Candidate[]): void {
  const push = (m: RegExpExecArray, min: number, max: number, sameSeparators: boolean): void => {
    const digits = digitsOf(m[0]);
    if (
      digits.length < min ||
      digits.length > max ||
      allSame(digits.slice(-7)) ||
      FICTIONAL_NANP.test(digits)
    )
      return;
    if (sameSeparators && !consistentSeparators(m[0])) return;
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'PHONE' });
  };
  // "+1 (555) 123-4567" mixes separators; the leading + is evidence enough.
  for (const m of text.matchAll(INTERNATIONAL_PHONE)) push(m, 8, 15, false);
  for (const m of text.matchAll(NANP_PHONE)) {
    // 555-123-4567 and 555.123.4567, not 555-123.4567; "(555) 123-4567" has no first separator group.
    if (m[1] !== undefined && m[0][m[0].length - 5] !== m[1]) continue;
    push(m, 10, 10, false);
  }
  for (const m of text.matchAll(TRUNK_PHONE)) push(m, 10, 12, true);
}

/** Cards: 13–19 digits in one run or in groups, issuer digit 2–6, Luhn-valid. */
function scanCards(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(CARD)) {
    const groups = m[0].split(/[ -]/);
    const separator = m[0].match(/[ -]/)?.[0] ?? '';
    if (!consistentSeparators(m[0])) continue;
    // A longer run may be a card followed by more digits ("… 1111 12/25"): try shorter group prefixes.
    for (let n = groups.length; n >= 1; n--) {
      const digits = groups.slice(0, n).join('');
      if (digits.length < 13 || digits.length > 19) continue;
      if (!/^[2-6]/.test(digits) || !luhnValid(digits)) continue;
      // 4111 1111 1111 1111, 4242 4242 4242 4242 and friends: documented test numbers, not a person's.
      if (new Set(digits).size <= 3 || TEST_CARDS.has(digits)) break;
      out.push({
        start: m.index,
        end: m.index + groups.slice(0, n).join(separator).length,
        kind: 'CARD_NUMBER',
      });
      break;
    }
  }
}

function scanIbans(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(IBAN)) {
    const expected = IBAN_LENGTHS[m[0].slice(0, 2)];
    if (expected === undefined) continue;
    // Cut the match to the country's length so a following word in capitals is not swallowed.
    let seen = 0;
    let end = 0;
    while (end < m[0].length && seen < expected) if (m[0][end++] !== ' ') seen++;
    const candidate = m[0].slice(0, end);
    if (seen !== expected || /[A-Z0-9]/.test(m[0][end] ?? '') || !ibanValid(candidate)) continue;
    out.push({ start: m.index, end: m.index + end, kind: 'IBAN' });
  }
}

export function scanPersonalData(text: string): Candidate[] {
  const out: Candidate[] = [];
  scanEmails(text, out);
  scanPhones(text, out);
  scanCards(text, out);
  scanIbans(text, out);
  return out;
}
