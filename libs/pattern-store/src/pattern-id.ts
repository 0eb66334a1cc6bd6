import { createHash } from 'node:crypto';
import type { FixPatternSpec } from './types.js';

/** JSON with object keys sorted, so equal values serialise equally. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined)
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}

/**
 * The stable id of a fix pattern: a content hash of its signature class, language and
 * template, so the same pattern learned twice (anywhere) merges into one.
 */
export function patternId(spec: Pick<FixPatternSpec, 'signatureClass' | 'language' | 'template'>): string {
  const content = canonicalJson([spec.signatureClass, spec.language, spec.template ?? null]);
  return `fp_${createHash('sha256').update(content).digest('hex').slice(0, 24)}`;
}
