// A tolerant parser for JSON that is still arriving: it returns everything complete so far, plus the unfinished
// string at the end (so a summary shows while it is typed). Used to render explanations progressively.

const MISSING = Symbol('missing');
type Parsed = { value: unknown; complete: boolean } | typeof MISSING;

class PartialParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): unknown {
    const result = this.value();
    return result === MISSING ? undefined : result.value;
  }

  private ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private eof(): boolean {
    return this.pos >= this.text.length;
  }

  private value(): Parsed {
    this.ws();
    if (this.eof()) return MISSING;
    const ch = this.text[this.pos]!;
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === 't' || ch === 'f' || ch === 'n') return this.literal();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return this.number();
    throw new SyntaxError(`unexpected "${ch}" at ${this.pos}`);
  }

  private object(): Parsed {
    this.pos++;
    const obj: Record<string, unknown> = {};
    let first = true;
    for (;;) {
      this.ws();
      if (this.eof()) return { value: obj, complete: false };
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { value: obj, complete: true };
      }
      if (!first) {
        if (this.text[this.pos] !== ',') throw new SyntaxError(`expected "," at ${this.pos}`);
        this.pos++;
        this.ws();
        if (this.eof()) return { value: obj, complete: false };
      }
      first = false;
      const key = this.string();
      if (key === MISSING || !key.complete) return { value: obj, complete: false };
      this.ws();
      if (this.eof()) return { value: obj, complete: false };
      if (this.text[this.pos] !== ':') throw new SyntaxError(`expected ":" at ${this.pos}`);
      this.pos++;
      const item = this.value();
      if (item === MISSING) return { value: obj, complete: false };
      obj[key.value as string] = item.value;
      if (!item.complete) return { value: obj, complete: false };
    }
  }

  private array(): Parsed {
    this.pos++;
    const arr: unknown[] = [];
    for (;;) {
      this.ws();
      if (this.eof()) return { value: arr, complete: false };
      if (this.text[this.pos] === ']') {
        this.pos++;
        return { value: arr, complete: true };
      }
      if (arr.length > 0) {
        if (this.text[this.pos] !== ',') throw new SyntaxError(`expected "," at ${this.pos}`);
        this.pos++;
      }
      const item = this.value();
      if (item === MISSING) return { value: arr, complete: false };
      arr.push(item.value);
      if (!item.complete) return { value: arr, complete: false };
    }
  }

  private string(): Parsed {
    if (this.text[this.pos] !== '"') throw new SyntaxError(`expected a string at ${this.pos}`);
    let out = '';
    let i = this.pos + 1;
    while (i < this.text.length) {
      const ch = this.text[i]!;
      if (ch === '"') {
        this.pos = i + 1;
        return { value: out, complete: true };
      }
      if (ch === '\\') {
        const esc = this.text[i + 1];
        if (esc === undefined) break; // escape cut in half: show what came before it
        if (esc === 'u') {
          const hex = this.text.slice(i + 2, i + 6);
          if (hex.length < 4) break;
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          continue;
        }
        const map: Record<string, string> = {
          n: '\n',
          t: '\t',
          r: '\r',
          b: '\b',
          f: '\f',
          '"': '"',
          '\\': '\\',
          '/': '/',
        };
        out += map[esc] ?? esc;
        i += 2;
        continue;
      }
      out += ch;
      i++;
    }
    this.pos = this.text.length;
    return { value: out, complete: false };
  }

  private literal(): Parsed {
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return { value, complete: true };
      }
      const rest = this.text.slice(this.pos);
      if (word.startsWith(rest)) {
        this.pos = this.text.length;
        return MISSING;
      }
    }
    throw new SyntaxError(`unexpected literal at ${this.pos}`);
  }

  private number(): Parsed {
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!m) {
      this.pos = this.text.length;
      return MISSING; // just "-" so far
    }
    this.pos += m[0].length;
    // A number that touches the end may still grow: keep it, but as unfinished.
    return { value: Number(m[0]), complete: !this.eof() };
  }
}

/** Best-effort value of a JSON prefix; undefined when nothing usable has arrived or the text is not JSON. */
export function parsePartialJson(text: string): unknown {
  try {
    return new PartialParser(text).parse();
  } catch {
    return undefined;
  }
}
