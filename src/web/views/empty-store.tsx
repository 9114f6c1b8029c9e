import type { IngestRun } from '../../store/ingest-runs.js';
import { Layout, type PageContext } from './layout.js';

/** The days a first run brings in, by the page's command and its button: enough for a first feed, and a short run at arXiv's one request per 3 s. */
export const FIRST_RUN_DAYS = 3;

/**
 * The commands the empty home page offers, exactly as shown: each runs as copied in the folder
 * Paperboy is installed or cloned in (`npx` finds its bin; a bare `paperboy` is not on PATH).
 * FILE.jsonl is the one placeholder, named as such.
 */
export const FIRST_RUN_COMMANDS = { arxiv: `npx paperboy ingest arxiv --days ${FIRST_RUN_DAYS}`, importFile: 'npx paperboy import FILE.jsonl' } as const;

/** An error message as one line: arXiv's and the network's can run over several lines and kilobytes. */
const ERROR_SHOWN_CHARS = 300;

/**
 * The home page of a store without papers: what the latest arXiv ingestion is doing (running
 * since, or why it failed), then how to bring papers in by hand.
 */
export function EmptyStorePage({ ctx, run, now }: { ctx: PageContext; run: IngestRun | undefined; now: Date }) {
  return (
    <Layout ctx={ctx} title="No papers yet">
      <h1>No papers yet</h1>
      {run && <RunStatus run={run} now={now} />}
      {ctx.user?.isAdmin && ctx.csrf && run?.finishedAt !== null && (
        <form method="post" action="/ingest/arxiv">
          <input type="hidden" name="_csrf" value={ctx.csrf} />
          <button type="submit">Bring in the last {FIRST_RUN_DAYS} days from arXiv</button>
        </form>
      )}
      <div class="notice" role="status">
        <p>To bring papers in yourself, run in the folder Paperboy is installed or cloned in:</p>
        <ul>
          <li><code>{FIRST_RUN_COMMANDS.arxiv}</code>: the last {FIRST_RUN_DAYS} days of arXiv, in the categories of <code>ARXIV_CATEGORIES</code>.</li>
          <li>
            <code>{FIRST_RUN_COMMANDS.importFile}</code>: an archive you have, with its path in place of FILE.jsonl: the public
            daily-papers JSON, the arXiv metadata snapshot, or JSON Lines of <code>id, title, authors, abstract, published</code>
            (README.md, "Formats import reads").
          </li>
        </ul>
      </div>
    </Layout>
  );
}

function RunStatus({ run, now }: { run: IngestRun; now: Date }) {
  if (run.finishedAt === null) {
    return <p class="notice" role="status">Bringing in the latest papers from arXiv (started {ago(run.startedAt, now)}); this page fills as they arrive.</p>;
  }
  if (run.error !== null) {
    return <p class="notice error" role="alert">The last arXiv ingestion ({ago(run.startedAt, now)}) failed: {oneLine(run.error)}. Check the network, then try the commands below.</p>;
  }
  return <p class="notice" role="status">The last arXiv ingestion ({ago(run.startedAt, now)}) found no new papers.</p>;
}

function oneLine(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return line.length > ERROR_SHOWN_CHARS ? `${line.slice(0, ERROR_SHOWN_CHARS - 1)}…` : line;
}

/** "just now", "12 min ago", "3 h ago", "2 days ago". */
function ago(iso: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 60_000));
  if (minutes === 0) return 'just now';
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} days ago`;
}
