// A second process for the lock tests, on the built code (dist/): it takes the lock named
// `lock NAME`, or opens an ingestion run record (`run KIND`), prints what it holds, and waits to
// be killed. Usage: node test/support/lock-holder.mjs DATABASE_URL lock|run NAME
import { openStore } from '../../dist/store/database.js';
import { startRun } from '../../dist/store/ingest-runs.js';
import { tryLock } from '../../dist/store/locks.js';

const [url, mode, name] = process.argv.slice(2);
const store = openStore(url);
if (mode === 'lock') console.log((await tryLock(store, name)) ? 'held' : 'busy');
else console.log(`run ${await startRun(store, name)}`);
setInterval(() => {}, 1 << 30);
