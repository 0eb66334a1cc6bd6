/**
 * A string matching a simple regular expression (literals, escapes, classes, groups with
 * alternatives, quantifiers), for `pattern` keywords. Returns undefined for what it cannot handle.
 */

/** A string matching `pattern`, or undefined. */
export function sampleFromPattern(pattern: string, unique: string): string | undefined {
  try {
    const out = new Builder(pattern.replace(/^\^/, '').replace(/\$$/, ''), unique).alternatives();
    return new RegExp(pattern, 'u').test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

class Builder {
  private i = 0;
  private n = 0;
  constructor(
    private readonly src: string,
    private readonly unique: string,
  ) {}

  alternatives(): string {
    const first = this.sequence();
    while (this.src[this.i] === '|') {
      this.i++;
      this.sequence();
    }
    return first;
  }

  private sequence(): string {
    let out = '';
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      const [min, max] = this.quantifier();
      const count = Math.max(min, Math.min(max, min === 0 ? 1 : min));
      for (let k = 0; k < count; k++) out += atom();
    }
    return out;
  }

  private atom(): () => string {
    const c = this.src[this.i++]!;
    if (c === '(') {
      if (this.src.startsWith('?:', this.i)) this.i += 2;
      const inner = this.alternatives();
      if (this.src[this.i++] !== ')') throw new Error('unbalanced group');
      return () => inner;
    }
    if (c === '[') {
      const end = this.src.indexOf(']', this.i + 1);
      if (end < 0) throw new Error('unbalanced class');
      const body = this.src.slice(this.i, end);
      this.i = end + 1;
      return () => this.fromClass(body);
    }
    if (c === '\\') {
      const e = this.src[this.i++]!;
      return () => (({ d: this.digit(), w: 'a', s: ' ', D: 'a', W: '-', S: 'a' }) as Record<string, string>)[e] ?? e;
    }
    if (c === '.') return () => 'a';
    return () => c;
  }

  private quantifier(): [number, number] {
    const c = this.src[this.i];
    if (c === '*') return (this.i++, [0, Infinity]);
    if (c === '+') return (this.i++, [1, Infinity]);
    if (c === '?') return (this.i++, [0, 1]);
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) throw new Error('bad quantifier');
      this.i += m[0].length;
      const min = Number(m[1]);
      return [min, m[2] ? (m[3] ? Number(m[3]) : Infinity) : min];
    }
    return [1, 1];
  }

  private digit(): string {
    return this.unique.replace(/\D/g, '').charAt(this.n++ % Math.max(1, this.unique.replace(/\D/g, '').length)) || '1';
  }

  private fromClass(body: string): string {
    if (body.startsWith('^')) return body.includes('a') ? 'Z' : 'a';
    const range = /(.)-(.)/.exec(body.replace(/\\d/g, '0-9').replace(/\\w/g, 'a-z'));
    if (range) return range[1] === '0' ? this.digit() : range[1]!;
    return body.replace(/\\/g, '').charAt(0) || 'a';
  }
}
