import { describe, expect, it } from 'vitest';
import { nodeBackReferenceLoop } from './back-reference-loop.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// V8's message, as Node prints it, closed by `property`.
const cycle = (property: string) =>
  'TypeError: Converting circular structure to JSON\n' +
  "    --> starting at object with constructor 'Object'\n" +
  "    |     property 'punts' -> object with constructor 'Array'\n" +
  "    |     index 0 -> object with constructor 'Object'\n" +
  `    --- property '${property}' closes the circle`;

async function run(file: string, source: string, property = 'station', others: Record<string, string> = {}) {
  const { context } = templateContext(
    { [file]: source, ...others },
    {
      kind: 'runtime_error',
      endpoint: 'GET /stations/{stationId}/punts',
      log: nodeLog(cycle(property), ['JSON.stringify (<anonymous>)', `list (/app/${file}:9:7)`]),
    },
  );
  return (await allCandidates(nodeBackReferenceLoop, context, [file])).map((f) => f.files[file]);
}

describe('node.back-reference-loop', () => {
  it('drops a forEach that only sets the back-reference (TypeScript controller)', async () => {
    const file = 'src/controllers/stations.ts';
    const source =
      'export async function list(req: Request, res: Response) {\n' +
      '  const station = await db.stations.findById(Number(req.params.stationId));\n' +
      '  station.punts = (await db.punts.findAll()).filter((p) => p.stationId === station.id);\n' +
      '  station.punts.forEach((p) => {\n    p.station = station;\n  });\n' +
      '  res.json({ station, punts: station.punts });\n}\n';
    expect(await run(file, source)).toEqual([
      source.replace('  station.punts.forEach((p) => {\n    p.station = station;\n  });\n', ''),
    ]);
  });

  it('drops only the assignment from a for…of that does more (CommonJS)', async () => {
    const file = 'src/routes/stations.js';
    const source =
      'function view(station) {\n  for (const punt of station.punts) {\n    punt.station = station;\n' +
      '    punt.seen = true;\n  }\n  return station;\n}\nmodule.exports = { view };\n';
    expect(await run(file, source)).toEqual([source.replace('    punt.station = station;\n', '')]);
  });

  it('leaves a back-reference the project reads elsewhere', async () => {
    const file = 'src/routes/stations.js';
    const source =
      'function view(station) {\n  station.punts.forEach((p) => {\n    p.station = station;\n  });\n' +
      '  return station;\n}\nmodule.exports = { view };\n';
    const label = 'exports.label = (punt) => punt.station.name;\n';
    expect(await run(file, source, 'station', { 'src/label.js': label })).toEqual([]);
  });
});

describe('node.back-reference-loop, items a map makes', () => {
  it('drops the back-reference entry of the literal each item is made from', async () => {
    const file = 'src/services/stations.ts';
    const source =
      'export async function stationView(id: number) {\n' +
      '  const station = { ...(await stations.byId(id)), punts: [] as unknown[] };\n' +
      '  station.punts = (await punts.ofStation(id)).map((p) => ({ id: p.id, seats: p.seats, station: station }));\n' +
      '  return station;\n}\n';
    expect(await run(file, source)).toEqual([source.replace(', station: station }', ' }')]);
  });

  it('drops a first entry from a returned literal, keeping the rest', async () => {
    const file = 'src/views/stations.js';
    const source =
      'function view(station, rows) {\n  station.punts = rows.map((p) => {\n' +
      '    return { station: station, id: p.id };\n  });\n  return station;\n}\nmodule.exports = { view };\n';
    expect(await run(file, source)).toEqual([source.replace('{ station: station, id: p.id }', '{ id: p.id }')]);
  });

  it('leaves a mapped back-reference the project reads elsewhere', async () => {
    const file = 'src/views/stations.js';
    const source =
      'function view(station, rows) {\n  station.punts = rows.map((p) => ({ id: p.id, station: station }));\n' +
      '  return station;\n}\nmodule.exports = { view };\n';
    const label = 'exports.label = (punt) => punt.station.name;\n';
    expect(await run(file, source, 'station', { 'src/label.js': label })).toEqual([]);
  });
});
