// Runs every test file under test/ with Node's own test runner (TypeScript through tsx).
// `npm test` runs this; extra arguments are passed through (e.g. a file list to run a subset).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (/\.test\.tsx?$/.test(entry)) found.push(path);
  }
  return found.sort();
}

const args = process.argv.slice(2);
const files = args.length > 0 ? args : findTests('test');
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...files],
  { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } },
);
process.exit(result.status ?? 1);
