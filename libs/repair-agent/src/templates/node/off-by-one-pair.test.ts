import { describe, expect, it } from 'vitest';
import { nodeOffByOne } from './off-by-one.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// The service and frame of a real run (an Express 4 ESM app's schedule of free gaps between bookings).
const schedule =
  'export const desksService = {\n  async getSchedule(id, date) {\n    await this.getDesk(id);\n' +
  '    const { from, to } = dayBounds(date);\n' +
  '    const bookings = bookingsRepository.findForDeskBetween(id, from, to);\n    const freeGaps = [];\n' +
  '    for (let i = 0; i < bookings.length; i++) {\n      const gapStart = bookings[i].endTime;\n' +
  '      const gapEnd = bookings[i + 1].startTime;\n' +
  '      const minutes = minutesBetween(gapStart, gapEnd);\n' +
  '      if (minutes > 0) freeGaps.push({ from: gapStart, to: gapEnd, minutes });\n    }\n' +
  '    return { deskId: id, date, freeGaps };\n  },\n};\n';
const scheduleLog = nodeLog("TypeError: Cannot read properties of undefined (reading 'startTime')", [
  'Object.getSchedule (file:///app/src/services/desks.service.js:9:38)',
]);

describe('node.off-by-one#pair', () => {
  it('stops a loop over neighbouring pairs one element earlier (xs[i + 1] on the failing line)', async () => {
    const { context } = templateContext(
      { 'src/services/desks.service.js': schedule },
      { kind: 'runtime_error', endpoint: 'GET /desks/{id}/schedule', log: scheduleLog },
    );
    const found = await allCandidates(nodeOffByOne, context, ['src/services/desks.service.js']);
    expect(found[0]!.candidate.key).toBe('node.off-by-one#pair');
    expect(found[0]!.files['src/services/desks.service.js']).toBe(
      schedule.replace('i < bookings.length;', 'i < bookings.length - 1;'),
    );
  });

  it('follows the next element bound to a variable (TS, this.stops, ++k)', async () => {
    const ts =
      'export class Route {\n  constructor(private readonly stops: { km: number }[]) {}\n\n' +
      '  legs(): number[] {\n    const out: number[] = [];\n' +
      '    for (let k = 0; k < this.stops.length; ++k) {\n      const next = this.stops[k + 1];\n' +
      '      out.push(next.km - this.stops[k].km);\n    }\n    return out;\n  }\n}\n';
    const { context } = templateContext(
      { 'src/route.ts': ts },
      {
        kind: 'runtime_error',
        endpoint: 'GET /route/legs',
        log: nodeLog("TypeError: Cannot read properties of undefined (reading 'km')", [
          'Route.legs (/app/src/route.ts:8:21)',
        ]),
      },
    );
    const found = await allCandidates(nodeOffByOne, context, ['src/route.ts']);
    expect(found[0]!.files['src/route.ts']).toBe(ts.replace('k < this.stops.length;', 'k < this.stops.length - 1;'));
  });

  it('leaves a pair loop already bounded by length - 1, and one that starts at 1', async () => {
    for (const header of [
      'for (let i = 0; i < bookings.length - 1; i++)',
      'for (let i = 1; i < bookings.length; i++)',
    ]) {
      const source = schedule.replace('for (let i = 0; i < bookings.length; i++)', header);
      const { context } = templateContext(
        { 'src/services/desks.service.js': source },
        { kind: 'runtime_error', endpoint: 'GET /desks/{id}/schedule', log: scheduleLog },
      );
      expect(await allCandidates(nodeOffByOne, context, [])).toEqual([]);
    }
  });
});
