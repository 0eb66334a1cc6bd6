// Frame lines are looked up once per frame of every trace, and they are fresh slices of the
// input each time, so a Map would hash every character of every line again (V8 caches a
// string's hash, but not across slices). This table hashes the length, the last 32 characters
// (where line numbers, functions and columns live) and every 8th character before them, then
// confirms with `===` — a memory compare.
const TAIL = 32;
const STRIDE = 8;
// Bounded both ways: total entries, and entries per bucket (so crafted input that collides
// cannot turn lookups into long scans; colliding lines beyond the bucket size go uncached).
const MAX_BUCKET = 8;

/** A bounded cache keyed by log lines, cheaper than a Map for keys that are fresh slices. */
export class LineCache<V> {
  private readonly buckets = new Map<number, { keys: string[]; values: V[] }>();
  private count = 0;

  constructor(private readonly capacity: number) {}

  /** The cached value, or undefined. */
  get(line: string): V | undefined {
    const bucket = this.buckets.get(lineHash(line));
    if (bucket === undefined) return undefined;
    const keys = bucket.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === line) return bucket.values[i];
    return undefined;
  }

  /** Caches a value unless the cache or the line's bucket is full. */
  set(line: string, value: V): void {
    if (this.count >= this.capacity) return;
    const hash = lineHash(line);
    const bucket = this.buckets.get(hash);
    if (bucket === undefined) this.buckets.set(hash, { keys: [line], values: [value] });
    else if (bucket.keys.length < MAX_BUCKET) {
      bucket.keys.push(line);
      bucket.values.push(value);
    } else return;
    this.count++;
  }

  /** Number of cached lines. */
  get size(): number {
    return this.count;
  }
}

function lineHash(line: string): number {
  const length = line.length;
  const tail = length > TAIL ? length - TAIL : 0;
  let hash = length;
  for (let i = 0; i < tail; i += STRIDE) hash = (Math.imul(hash, 31) + line.charCodeAt(i)) | 0;
  for (let i = tail; i < length; i++) hash = (Math.imul(hash, 31) + line.charCodeAt(i)) | 0;
  return hash;
}
