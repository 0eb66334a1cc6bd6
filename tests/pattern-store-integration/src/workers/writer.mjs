// Child process for the crash-safety tests: records attempts into a file store and prints
// "ok N" after each write returned (so it is fsynced). Runs the built package.
// Usage: node writer.mjs STORE_PATH PREFIX COUNT(0 = forever) TEMPLATE_BYTES
import { openPatternStore, silentLogger } from '@smoke-repair/pattern-store';

const [path, prefix, count, templateBytes] = process.argv.slice(2);
const store = await openPatternStore(`file:${path}`, { logger: silentLogger, lockTimeoutMs: 30_000 });
const filler = 'x'.repeat(Number(templateBytes));
for (let i = 0; Number(count) === 0 || i < Number(count); i += 1) {
  await store.recordAttempt({
    id: `${prefix}-${i}`,
    signature: { hash: `h-${prefix}`, key: 'E@f:1 g: m', exceptionType: 'E', message: 'm' },
    strategy: 'recipe',
    pattern: { signatureClass: `cls-${prefix}`, language: 'python', template: { i, filler } },
    context: { app: 'crash-test', method: 'POST', path: '/items', errorKind: '500' },
  });
  process.stdout.write(`ok ${i + 1}\n`);
}
await store.close();
process.stdout.write('done\n');
