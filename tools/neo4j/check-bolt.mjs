#!/usr/bin/env node
// Exit 0 when a Neo4j on bolt://127.0.0.1:PORT accepts user neo4j with $SMOKE_REPAIR_NEO4J_PASSWORD
// (another checkout's instance of this launcher, say), 1 otherwise. Used by start.sh.
//   node tools/neo4j/check-bolt.mjs PORT
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'));
const neo4j = require('neo4j-driver');
const port = Number(process.argv[2]);
const driver = neo4j.driver(
  `bolt://127.0.0.1:${port}`,
  neo4j.auth.basic('neo4j', process.env.SMOKE_REPAIR_NEO4J_PASSWORD ?? 'smoke-repair-dev'),
  {
    connectionTimeout: 5_000,
  },
);
try {
  await driver.verifyAuthentication();
  process.exitCode = 0;
} catch {
  process.exitCode = 1;
} finally {
  await driver.close();
}
