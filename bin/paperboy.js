#!/usr/bin/env node
// The `paperboy` command: runs the compiled CLI (built by `npm install` through the prepare script).
import { main } from '../dist/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`paperboy: ${err instanceof Error ? err.message : String(err)}`); process.exitCode = 1; },
);
