import { dtypeBits, type HeaderEntry } from './safetensors-checks.js';

/**
 * The common safetensors header read in one pass over its bytes, without JSON.parse: names and
 * dtypes in printable ASCII without escapes, shapes and offsets as plain whole numbers, each entry
 * with exactly `dtype`, `shape` and `data_offsets` (two of them), one `__metadata__` of plain
 * strings, no name that is all digits (a JavaScript object would list those first), only spaces
 * between. Anything else is left to JSON.parse, whose reading this one equals wherever it
 * answers (a property test checks it). A name given twice is given twice, for the caller to refuse.
 *
 * Why: JSON.parse of Qwen3-Next's 9.5 MB header builds 300,000 objects and arrays, and the
 * duplicate-name scan it needs (JSON.parse keeps the last of two) is a second pass; this pass
 * hands each entry on as it is read, and builds no object for it.
 */

/** Where the scan hands each entry, in the header's order (TensorTable checks them). */
export interface EntrySink {
  add(name: string, dtype: string, shape: readonly number[], start: number, end: number): void;
}

/**
 * Hands `sink` every entry of a header in the common form, and says whether it is one: when not,
 * the sink may have had some entries already, and the header is for JSON.parse to read.
 */
export function scanSafetensorsInto(bytes: Uint8Array, sink: EntrySink): boolean {
  try {
    // One decoding, then slices: a name's text is a slice of the header's, not a decoding of its
    // own (74,391 of those cost a third of a second). A BOM or a bad byte (U+FFFD) leaves the scan.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    // Printable ASCII but the backslash, throughout: then a string ends at the next quote.
    if (/[^\x20-\x5b\x5d-\x7e]/.test(text)) return false;
    new Scanner(text, sink).header();
    return true;
  } catch (error) {
    if (error === bail) return false;
    throw error;
  }
}

/** The entries of a header in the common form, in the header's order; undefined for any other. */
export function scanSafetensorsHeader(bytes: Uint8Array): HeaderEntry[] | undefined {
  const entries: HeaderEntry[] = [];
  const sink = {
    add: (name: string, dtype: string, shape: readonly number[], start: number, end: number) =>
      entries.push({ name, dtype, shape, start, end }),
  };
  return scanSafetensorsInto(bytes, sink) ? entries : undefined;
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
const DTYPE = 'dtype"';
const SHAPE = 'shape"';
const OFFSETS = 'data_offsets"';
/** The dtypes the format defines, most common first: a known one is not sliced out of the text. */
const dtypes = ['BF16', 'F32', 'F16', 'U8', 'I8', 'F8_E4M3', 'I32', 'I64'];
for (const dtype of Object.keys(dtypeBits)) if (!dtypes.includes(dtype)) dtypes.push(dtype);
/** Digits of 2^53: a number of more is past the exact ones, and is not read digit by digit. */
const MAX_DIGITS = 16;

class Scanner {
  private at = 0;
  /** Shapes by their text: a header's 74,391 tensors have a hundred shapes, each read once and shared. */
  private readonly shapes = new Map<string, readonly number[]>();

  constructor(
    private readonly text: string,
    private readonly sink: EntrySink,
  ) {}

  header() {
    let metadata = false;
    this.expect(OPEN_OBJECT);
    if (!this.take(CLOSE_OBJECT)) {
      do {
        const name = this.string();
        if (allDigits(name)) throw bail;
        this.expect(COLON);
        if (name !== '__metadata__') this.entry(name);
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
  }

  private entry(name: string) {
    const { text } = this;
    let dtype: string | undefined;
    let shape: readonly number[] | undefined;
    let start = -1;
    let end = -1;
    this.expect(OPEN_OBJECT);
    do {
      // The three fields' names are matched where they stand, not sliced out 223,000 times.
      this.expect(QUOTE);
      if (text.startsWith(DTYPE, this.at) && dtype === undefined) {
        this.at += DTYPE.length;
        this.expect(COLON);
        dtype = this.dtype();
      } else if (text.startsWith(SHAPE, this.at) && shape === undefined) {
        this.at += SHAPE.length;
        this.expect(COLON);
        shape = this.shape();
      } else if (text.startsWith(OFFSETS, this.at) && start < 0) {
        this.at += OFFSETS.length;
        this.expect(COLON);
        // Exactly two: `[a]` or `[a, b, c]` is JSON.parse's to read (and refuse).
        this.expect(OPEN_ARRAY);
        start = this.whole();
        this.expect(COMMA);
        end = this.whole();
        this.expect(CLOSE_ARRAY);
      } else throw bail;
    } while (this.take(COMMA));
    this.expect(CLOSE_OBJECT);
    if (dtype === undefined || shape === undefined || start < 0) throw bail;
    this.sink.add(name, dtype, shape, start, end);
  }

  /** A dtype's string: the format's own constant where it is one, so not a slice to hash again. */
  private dtype(): string {
    this.expect(QUOTE);
    const { text } = this;
    const start = this.at;
    const close = text.indexOf('"', start);
    if (close < 0) throw bail;
    this.at = close + 1;
    for (const dtype of dtypes)
      if (dtype.length === close - start && text.startsWith(dtype, start)) return dtype;
    return text.slice(start, close);
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
