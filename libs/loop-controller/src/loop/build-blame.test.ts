import type { RepairPatch } from '@smoke-repair/repair-agent';
import { describe, expect, it } from 'vitest';
import { blamedForBuild } from './build-blame.js';

// A patch changing one line of `file`, with the three lines of context a diff keeps on each side.
const patch = (id: string, file: string, changed: number) =>
  ({
    id,
    files: [file],
    diff:
      `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n` +
      `@@ -${changed - 3},7 +${changed - 3},7 @@\n a\n b\n c\n-old\n+new\n d\n e\n f\n`,
  }) as unknown as RepairPatch;

describe('the patches a failed build blames', () => {
  const records = patch('p8', 'src/services/records.ts', 57);
  const dates = patch('p4', 'src/services/records.ts', 79);
  const other = patch('p2', 'src/app.ts', 12);

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
    // A context line of a hunk is no edit of its patch's; each file the compiler names is blamed on its own.
    expect(blamedForBuild([other, dates], 'src/services/records.ts(77,1): error TS1005')).toEqual([dates]);
    const both = 'src/services/records.ts(57,91): error TS2353\nsrc/app.ts(30,2): error TS2304';
    expect(blamedForBuild([other, dates, records], both)).toEqual([other, records]);
  });
});
