import { createRequire } from 'node:module';

/**
 * The CLI's version, from its own package.json: `../package.json` is the package root both from
 * the source (`src/`) and from the bundle (`dist/cli.js`), so it cannot drift from what npm ships.
 */
export function cliVersion(): string {
  const manifest = createRequire(import.meta.url)('../package.json') as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}
