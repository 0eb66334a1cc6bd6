import type { RepairPatch } from '@smoke-repair/repair-agent';
import { describe, expect, it } from 'vitest';
import { blamedForBuild } from './build-blame.js';

const patch = (id: string, file: string, newStart: number, newCount: number) =>
  ({
    id,
    files: [file],
    diff:
      `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n` +
      `@@ -${newStart},${newCount} +${newStart},${newCount} @@\n-old\n+new\n`,
  }) as unknown as RepairPatch;

describe('the patches a failed build blames', () => {
  const records = patch('p8', 'src/services/records.ts', 55, 5);
  const dates = patch('p4', 'src/services/records.ts', 75, 7);
  const other = patch('p2', 'src/app.ts', 10, 3);

  it("is the one whose new lines hold the compiler's location, not another edit of that file", () => {
    const tsc = 'src/services/records.ts(57,91): error TS2353: Object literal may only specify known properties';
    expect(blamedForBuild([other, dates, records], tsc)).toEqual([records]);
    expect(blamedForBuild([dates, records], 'src/services/records.ts:79:3 - error TS2322')).toEqual([dates]);
  });

  it('falls back to the patches of the files it names, then to all of them', () => {
    expect(blamedForBuild([other, dates, records], 'src/services/records.ts(12,1): error TS1005')).toEqual([
      dates,
      records,
    ]);
    expect(blamedForBuild([other, dates], 'error: out of memory')).toEqual([other, dates]);
  });
});
