/**
 * Starts one of the search worker threads. Run from the compiled JavaScript it is a plain
 * Worker; run from TypeScript sources (tests, benchmarks under tsx) the thread registers tsx's
 * loader before importing the worker module.
 */
import { Worker } from 'node:worker_threads';

/** `name` is the module's file name without extension, next to this one (e.g. 'compact-worker'). */
export function startWorker(name: string): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here));
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(require('node:worker_threads').workerData); })`;
  return new Worker(bootstrap, { eval: true, workerData: new URL(`./${name}.ts`, here).href });
}
