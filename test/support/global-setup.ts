import { execFileSync } from 'node:child_process';

/** The CLI and server suites run the real `paperboy` binary, so build it once first. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
