/**
 * A growable column of 32-bit integers: one typed array, doubled when full. A table of 100,000
 * modules kept this way is a few arrays outside the JavaScript heap, which the garbage collector
 * neither traces nor copies, where 100,000 objects would be traced and copied at every collection.
 */
export class IntColumn {
  private data: Int32Array;
  private size = 0;

  constructor(capacity = 256) {
    this.data = new Int32Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Appends `value` and returns its row. */
  push(value: number): number {
    if (this.size === this.data.length) {
      const wider = new Int32Array(this.data.length * 2);
      wider.set(this.data);
      this.data = wider;
    }
    this.data[this.size] = value;
    return this.size++;
  }

  get(row: number): number {
    return this.data[row]!;
  }

  set(row: number, value: number) {
    this.data[row] = value;
  }
}
