import { syncPaperAuthors } from '../authors/author-links-job.js';
import { InvalidInputError } from '../domain/errors.js';
import { authorCounts } from '../store/authors.js';
import { jobLockName, withJobLock } from '../store/locks.js';
import { defineCommand } from './command.js';
import { withStore } from './context.js';

export const authorsCommand = defineCommand({
  name: 'authors',
  summary: 'Authors as people: read every paper\'s author list again into author pages (a running server keeps them up to date itself).',
  usage: 'paperboy authors rebuild',
  help: '  rebuild               Every paper, from the first: names that did not change keep their author (moderators\' merges and splits stay)',
  options: {},
  allowPositionals: true,
  async run(_values, positionals) {
    if (positionals.length !== 1 || positionals[0] !== 'rebuild') throw new InvalidInputError(`say what to do: paperboy authors rebuild${positionals.length ? ` (got "${positionals.join(' ').slice(0, 60)}")` : ''}`, 'bad_arguments');
    return withStore(async (store) => {
      const started = Date.now();
      // The same lock as serve's `authors` job: one follower at a time.
      const run = await withJobLock(store, jobLockName('authors'), () => syncPaperAuthors(store, { fromStart: true, progress: (n) => process.stderr.write(`\r${n.toLocaleString('en-US')} papers read`) }));
      process.stderr.write('\n');
      if (!run.ran) {
        process.stderr.write('paperboy authors: a server is updating authors right now; try again in a minute\n');
        return 1;
      }
      const counts = await authorCounts(store);
      console.log(`authors: ${run.value.papers} papers read, ${run.value.rows} rows written, ${run.value.created} authors created in ${((Date.now() - started) / 1000).toFixed(1)} s\nin the store: ${counts.authors} authors (${counts.merged} merged), ${counts.paperAuthors} paper authors`);
      return 0;
    });
  },
});
