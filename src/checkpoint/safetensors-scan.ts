import type { HeaderEntry } from './safetensors-checks.js';

/**
 * The common safetensors header read in one pass over its bytes, without JSON.parse: names and
 * dtypes in printable ASCII without escapes, shapes and offsets as plain whole numbers, each entry
 * with exactly `dtype`, `shape` and `data_offsets` (two of them), one `__metadata__` of plain
 * strings, no name that is all digits (a JavaScript object would list those first), only spaces
 * between. Anything else returns undefined and the header is read by JSON.parse instead, whose
 * reading this one equals wherever it answers (a property test checks it). A name given twice is
 * kept twice, for the caller to refuse.
 *
 * Why: JSON.parse of Qwen3-Next's 9.5 MB header builds 300,000 objects and arrays, and the
 * duplicate-name scan it needs (JSON.parse keeps the last of two) is a second pass; this pass
 * builds only the entries, and keeps a name given twice as two, for the map of names to find.
 */

/** The entries of a header in the common form, in the header's order; undefined for any other. */
export function scanSafetensorsHeader(bytes: Uint8Array): HeaderEntry[] | undefined {
  try {
    // One decoding, then slices: a name's text is a slice of the header's, not a decoding of its
    // own (74,391 of those cost a third of a second). A BOM or a bad byte (U+FFFD) leaves the scan.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    // Printable ASCII but the backslash, throughout: then a string ends at the next quote.
    if (/[^\x20-\x5b\x5d-\x7e]/.test(text)) return undefined;
    return new Scanner(text).header();
  } catch (error) {
    if (error === bail) return undefined;
    throw error;
  }
}

/** A name JavaScript's objects list before the others (an array index), so JSON.parse would too. */
function allDigits(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  return name.length > 0;
}

/** Thrown to leave the scan for JSON.parse; not an Error, so no stack is captured. */
const bail = Symbol('not the common form');

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const ZERO = 0x30;
const NINE = 0x39;
/** An entry's fields, each with its closing quote (`dtypes` is not `dtype`). */
const fields = ['dtype"', 'shape"', 'data_offsets"'];
/** Digits of 2^53: a number of more is past the exact ones, and is not read digit by digit. */
const MAX_DIGITS = 16;

class Scanner {
  private at = 0;
  /** Shapes by their text: a header's 74,391 tensors have a hundred shapes, each read once and shared. */
  private readonly shapes = new Map<string, readonly number[]>();

  constructor(private readonly text: string) {}

  header(): HeaderEntry[] {
    const entries: HeaderEntry[] = [];
    let metadata = false;
    this.expect(OPEN_OBJECT);
    if (!this.take(CLOSE_OBJECT)) {
      do {
        const name = this.string();
        if (allDigits(name)) throw bail;
        this.expect(COLON);
        if (name !== '__metadata__') entries.push(this.entry(name));
        else if (metadata) throw bail;
        else {
          this.metadata();
          metadata = true;
        }
      } while (this.take(COMMA));
      this.expect(CLOSE_OBJECT);
    }
    this.space();
    if (this.at !== this.text.length) throw bail;
    return entries;
  }

  private entry(name: string): HeaderEntry {
    let dtype: string | undefined;
    let shape: readonly number[] | undefined;
    let offsets: number[] | undefined;
    this.expect(OPEN_OBJECT);
    do {
      // The three fields' names are matched where they stand, not sliced out 223,000 times.
      this.expect(QUOTE);
      const field = fields.find((f) => this.text.startsWith(f, this.at));
      if (field === undefined) throw bail;
      this.at += field.length;
      this.expect(COLON);
      if (field === 'dtype"' && dtype === undefined) dtype = this.string();
      else if (field === 'shape"' && shape === undefined) shape = this.shape();
      else if (field === 'data_offsets"' && offsets === undefined) offsets = this.wholes();
      else throw bail;
    } while (this.take(COMMA));
    this.expect(CLOSE_OBJECT);
    if (dtype === undefined || shape === undefined || offsets?.length !== 2) throw bail;
    return { name, dtype, shape, start: offsets[0]!, end: offsets[1]! };
  }

  private metadata() {
    this.expect(OPEN_OBJECT);
    if (this.take(CLOSE_OBJECT)) return;
    do {
      this.string();
      this.expect(COLON);
      this.string();
    } while (this.take(COMMA));
    this.expect(CLOSE_OBJECT);
  }

  /** A shape, the same array as every earlier shape of the same text. */
  private shape(): readonly number[] {
    this.space();
    const close = this.text.indexOf(']', this.at);
    if (close < 0) throw bail;
    const text = this.text.slice(this.at, close + 1);
    const known = this.shapes.get(text);
    if (known) {
      this.at = close + 1;
      return known;
    }
    const shape = this.wholes();
    this.shapes.set(text, shape);
    return shape;
  }

  private wholes(): number[] {
    const values: number[] = [];
    this.expect(OPEN_ARRAY);
    if (this.take(CLOSE_ARRAY)) return values;
    do values.push(this.whole());
    while (this.take(COMMA));
    this.expect(CLOSE_ARRAY);
    return values;
  }

  /** A whole number without sign, fraction or exponent (those are JSON.parse's to read). */
  private whole(): number {
    this.space();
    const text = this.text;
    const start = this.at;
    let at = start;
    let value = 0;
    if (text.charCodeAt(at) === ZERO) at++;
    else
      for (let c = text.charCodeAt(at); c >= ZERO && c <= NINE; c = text.charCodeAt(++at))
        value = value * 10 + (c - ZERO);
    // Each partial value is below the whole one, so a safe integer was read exactly.
    if (at === start || at - start > MAX_DIGITS || !Number.isSafeInteger(value)) throw bail;
    this.at = at;
    return value;
  }

  /** A string, as its own text (the header has no escapes). */
  private string(): string {
    this.expect(QUOTE);
    const start = this.at;
    const at = this.text.indexOf('"', start);
    if (at < 0) throw bail;
    this.at = at + 1;
    return this.text.slice(start, at);
  }

  private expect(byte: number) {
    if (!this.take(byte)) throw bail;
  }

  /** Whether the next byte after any space is `byte`, consumed if so. */
  private take(byte: number): boolean {
    this.space();
    if (this.text.charCodeAt(this.at) !== byte) return false;
    this.at++;
    return true;
  }

  /** A space (the only one of JSON's four the header may hold). */
  private space() {
    const text = this.text;
    let at = this.at;
    while (text.charCodeAt(at) === 0x20) at++;
    this.at = at;
  }
}
