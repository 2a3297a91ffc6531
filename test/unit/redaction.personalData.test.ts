// Personal data redaction (opt-in): e-mail addresses, phone numbers, Luhn-checked card numbers and
// mod-97-checked IBANs; versions, dates, IPs, ids and documentation examples are left alone.
import * as assert from 'node:assert/strict';
import { describeRedactions, redactSecrets, restoreSecrets } from '../../src/core';
import { FakeSecrets, luhnComplete, validIban } from '../fixtures/redaction/fakeSecrets';

const f = new FakeSecrets(4242);
const group = (digits: string, sizes: number[], sep: string): string => {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts.join(sep);
};
/** Changes the last digit so the Luhn check fails. */
const breakLuhn = (digits: string): string => digits.slice(0, -1) + ((Number(digits.slice(-1)) + 1) % 10);

const visa = luhnComplete('4', 16, f);
const mastercard = luhnComplete('53', 16, f);
const amex = luhnComplete('37', 15, f);
const ibanDE = validIban('DE', f.digits(18));
const ibanGB = validIban('GB', 'NWBK' + f.digits(14));
const ibanFR = validIban('FR', f.digits(23));

const personal: [string, string, string][] = [
  ['EMAIL', 'plain address', 'jane.doe@acme-corp.io'],
  ['EMAIL', 'tagged address on a subdomain', 'ops+alerts@mail.eu.northwind.dev'],
  ['PHONE', 'international with spaces', '+44 20 7946 0958'],
  ['PHONE', 'international with area code in parentheses', '+1 (415) 555-2671'],
  ['PHONE', 'international without separators', '+4915112345678'],
  ['PHONE', 'North American with parentheses', '(415) 555-2671'],
  ['PHONE', 'North American with dots', '415.555.2671'],
  ['PHONE', 'German national', '030 12345678'],
  ['PHONE', 'German mobile with slash', '0171/1234567'],
  ['PHONE', 'French national', '01 42 68 53 00'],
  ['CARD_NUMBER', 'Visa in groups of four', group(visa, [4, 4, 4, 4], ' ')],
  ['CARD_NUMBER', 'Mastercard with dashes', group(mastercard, [4, 4, 4, 4], '-')],
  ['CARD_NUMBER', 'Amex 4-6-5', group(amex, [4, 6, 5], ' ')],
  ['CARD_NUMBER', 'card without separators', visa],
  ['IBAN', 'German IBAN in print format', group(ibanDE, [4, 4, 4, 4, 4, 2], ' ')],
  ['IBAN', 'British IBAN compact', ibanGB],
  ['IBAN', 'French IBAN in print format', group(ibanFR, [4, 4, 4, 4, 4, 4, 3], ' ')],
];

describe('redaction: personal data (opt-in)', () => {
  for (const [kind, name, value] of personal) {
    it(`${name} → ${kind}`, async () => {
      const text = `Contact: ${value}, thanks.`;
      const result = await redactSecrets(text, { personalData: true });
      assert.deepEqual(
        result.found.map((x) => [x.kind, x.value]),
        [[kind, value]],
      );
      assert.equal(result.text, `Contact: «REDACTED:${kind}_1», thanks.`);
      assert.equal(restoreSecrets(result.text, result.found), text);
    });
  }

  it('finds nothing personal unless asked to', async () => {
    const text = personal.map(([, , v]) => v).join('\n');
    const off = await redactSecrets(text);
    assert.deepEqual(off.found, []);
    assert.equal(off.text, text);
    const on = await redactSecrets(text, { personalData: true });
    assert.equal(on.found.length, personal.length);
    assert.equal(restoreSecrets(on.text, on.found), text);
  });

  it('counts personal data separately from secrets', async () => {
    const text = `owner: jane.doe@acme-corp.io\npassword = "${f.password()}"\niban: ${ibanDE}`;
    const result = await redactSecrets(text, { personalData: true });
    assert.equal(
      describeRedactions(result.found),
      '1 secret redacted: password; 2 personal data items redacted: e-mail address, IBAN',
    );
  });

  const untouched: [string, string][] = [
    ['card failing the Luhn check', group(breakLuhn(visa), [4, 4, 4, 4], ' ')],
    ['compact card failing the Luhn check', breakLuhn(mastercard)],
    ['documented test card', '4111 1111 1111 1111'],
    [
      'IBAN with wrong check digits',
      ibanDE.slice(0, 2) + String((Number(ibanDE.slice(2, 4)) + 1) % 100).padStart(2, '0') + ibanDE.slice(4),
    ],
    ['IBAN of the wrong length', validIban('DE', f.digits(17))],
    ['semantic version', 'version 10.2.14'],
    ['Windows build number', '10.0.19041.1234'],
    ['ISO date', '2024-01-15'],
    ['European date', '15/01/2024'],
    ['date and time', '2024-06-11 14:30:00'],
    ['IPv4 address', '192.168.100.200'],
    ['IPv4 with port', '10.0.0.1:8443'],
    ['millisecond timestamp', '1718000000000'],
    ['nanosecond timestamp', '1718000000000000000'],
    ['UUID', '550e8400-e29b-41d4-a716-446655440000'],
    ['port mapping', '"5432:5432"'],
    ['hex dump', '<Buffer 01 02 03 04 05 06 07 08>'],
    ['US zip code', 'Boston, MA 02110-1301'],
    ['fictional North American number', '+1 (415) 555-0123'],
    ['documentation address', 'admin@example.com'],
    ['git SSH remote', 'git@github.com:acme/api.git'],
    ['retina image name', 'logo@2x.png'],
    ['npm package with version', 'typescript@5.9.3'],
    ['scoped package', '@secretlint/core'],
  ];
  for (const [name, text] of untouched) {
    it(`leaves ${name} alone`, async () => {
      const result = await redactSecrets(`value: ${text};`, { personalData: true });
      assert.deepEqual(result.found, []);
    });
  }
});
