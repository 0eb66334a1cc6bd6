import { describe, expect, it } from 'vitest';
import { nodeEnvDefault } from './env-default.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const config =
  "'use strict';\n\nmodule.exports = {\n  port: Number(process.env.PORT) || 9000,\n" +
  '  maxLoadKg: parseInt(process.env.MAX_LOAD_KG, 10),\n  waste: +process.env.WASTE_RATE,\n' +
  "  region: process.env.REGION || 'north',\n};\n";
const example = '# copy to .env\nPORT=9000\nMAX_LOAD_KG=500 # kilograms\nWASTE_RATE="0.1" # a fraction\nREGION=north\n';
const run = (
  files: Record<string, string>,
  body: string,
  kind: 'status_mismatch' | 'runtime_error' = 'status_mismatch',
) =>
  allCandidates(
    nodeEnvDefault,
    templateContext(files, { kind, endpoint: 'POST /loads', expected: 201, actual: 400, body }).context,
    Object.keys(files),
  );

describe('node.env-default', () => {
  it('falls back to the documented values where a numeric setting has no fallback', async () => {
    const files = { 'src/config/index.js': config, '.env.example': example };
    const found = await run(files, '{"error":"weightKg must be between 1 and NaN"}');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.env-default']);
    expect(found[0]!.files['src/config/index.js']).toBe(
      config
        .replace('parseInt(process.env.MAX_LOAD_KG, 10)', "parseInt(process.env.MAX_LOAD_KG || '500', 10)")
        .replace('+process.env.WASTE_RATE', "+(process.env.WASTE_RATE || '0.1')"),
    );
  });

  it('reads a TypeScript config with double quotes and a computed key', async () => {
    const ts = 'export const settings = {\n  pageSize: Number(process.env["PAGE_SIZE"]),\n  name: "radio",\n};\n';
    const files = { 'src/settings.ts': ts, '.env.sample': 'export PAGE_SIZE="25"\n' };
    const found = await run(files, '{"error":"limit NaN is not allowed"}', 'runtime_error');
    expect(found[0]!.files['src/settings.ts']).toBe(
      ts.replace('process.env["PAGE_SIZE"]', 'process.env["PAGE_SIZE"] || "25"'),
    );
  });

  it('falls back to a numeric default the README states for the variable', async () => {
    const ts =
      'export const settings = {\n  host: process.env.HOST ?? "0.0.0.0",\n' +
      '  feePerKm: Number(process.env.FEE_PER_KM),\n  retries: Number(process.env.RETRIES),\n};\n';
    const readme =
      '# Couriers\n\n- Binds `HOST` (default `127.0.0.1`) and `RETRIES` (default: `3`).\n' +
      '- `FEE_PER_KM` sets the fee per kilometre (defaults to **1.25** EUR).\n';
    const found = await run({ 'src/settings.ts': ts, 'README.md': readme }, 'Error: bad fee: NaN', 'runtime_error');
    expect(found[0]!.files['src/settings.ts']).toBe(
      ts
        .replace('process.env.FEE_PER_KM', 'process.env.FEE_PER_KM || "1.25"')
        .replace('process.env.RETRIES', 'process.env.RETRIES || "3"'),
    );
  });

  it('leaves a variable the README names without a numeric default', async () => {
    const ts = 'export const settings = { feePerKm: Number(process.env.FEE_PER_KM) };\n';
    for (const readme of [
      '`FEE_PER_KM` sets the fee per kilometre.\n',
      '`FEE_PER_KM` sets the fee; `RETRIES` (default 3).\n',
      '`FEE_PER_KM` sets the fee (default `1.2.5`).\n',
    ])
      expect(await run({ 'src/settings.ts': ts, 'README.md': readme }, 'Error: bad fee: NaN', 'runtime_error')).toEqual(
        [],
      );
  });

  it('leaves failures without a NaN, undocumented variables and reads that fall back', async () => {
    const files = { 'src/config/index.js': config, '.env.example': example };
    expect(await run(files, '{"error":"weightKg must be between 1 and 500"}')).toEqual([]);
    const undocumented = { ...files, '.env.example': 'PORT=9000\n' };
    expect(await run(undocumented, '{"error":"weightKg must be between 1 and NaN"}')).toEqual([]);
  });
});
