import type { Violation } from '@smoke-repair/smoke-validator';

// `(body) must have required property 'makerName'` in a schema mismatch's message…
const REQUIRED_KEY = /must have required property '([^']+)'/;
// …and the key a value off its schema sits under: `/commissionedOn must match format "date"`,
// `/items/0/total must be number`.
const OFF_KEY = /^\/(?:[^\s/]+\/)*([^\s/]*[^\s/\d][^\s/]*) must /;

/**
 * The keys an answer lacks, or carries off their schema, that a line the patch added builds
 * (`makerName: rake.makerId.name`, `out["total"] = …`, `total=…`, `commissionedOn: z.coerce.date()`):
 * the patch turned the failure into a missing or wrong value, which is its own answer, not the next bug.
 */
export function keysThePatchBuilds(violation: Violation, diff: string): string[] {
  const keys = violation.message
    .replace(/^[^:]*schema: /, '')
    .split('; ')
    .flatMap((e) => REQUIRED_KEY.exec(e)?.[1] ?? OFF_KEY.exec(e)?.[1] ?? []);
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
