import type { Violation } from '@smoke-repair/smoke-validator';

// `(body) must have required property 'makerName'` in a schema mismatch's message.
const REQUIRED_KEY = /must have required property '([^']+)'/;

/**
 * The required keys an answer lacks that a line the patch added builds (`makerName: rake.makerId.name`,
 * `out["total"] = …`, `total=…`): where the request raised before, the patch turned the error into a
 * missing value, which is data dropped, not the next bug.
 */
export function keysThePatchBuilds(violation: Violation, diff: string): string[] {
  const keys = violation.message
    .replace(/^[^:]*schema: /, '')
    .split('; ')
    .flatMap((e) => REQUIRED_KEY.exec(e)?.[1] ?? []);
  const added = diff
    .split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++ '))
    .map((l) => l.slice(1));
  return keys.filter((k) => {
    const name = k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const built = new RegExp(`(?:^|[\\s{,(])["']?${name}["']?\\s*[:=](?!=)|\\[["']${name}["']\\]\\s*=(?!=)`);
    return added.some((l) => built.test(l));
  });
}
