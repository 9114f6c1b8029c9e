import type { SignalSummary } from '../../recommend/for-you.js';
import { SIGNAL_WEIGHTS } from '../../recommend/signals.js';
import { Layout, type PageContext } from './layout.js';
import { MathText } from './math.js';
import { paperPath } from './paper-card.js';

const KIND_WORDS: [keyof SignalSummary['counts'], string, string][] = [
  ['upvoted', 'Papers you upvoted', `weight ${SIGNAL_WEIGHTS.upvoted}`],
  ['collected', 'Papers you saved to a collection', `weight ${SIGNAL_WEIGHTS.collected}`],
  ['commented', 'Papers you commented on', `weight ${SIGNAL_WEIGHTS.commented}`],
  ['more_like_this', '"More like this"', `weight ${SIGNAL_WEIGHTS.more_like_this}`],
  ['followed_author', 'Papers by authors you follow', `weight ${SIGNAL_WEIGHTS.followed_author}`],
  ['followed_org', 'Papers from organizations you follow', `weight ${SIGNAL_WEIGHTS.followed_org}`],
  ['not_interested', '"Not interested"', 'never shown, pushed away from'],
  ['followed_category', 'Categories you follow', 'a bonus for their papers'],
];

/** `/for-you/history`: what the user's For-you model reads, their feedback with undo, and "Forget my history". Only ever shown to its owner. */
export function ForYouHistoryPage({ ctx, summary }: { ctx: PageContext; summary: SignalSummary }) {
  return (
    <Layout ctx={ctx} title="Your For-you signals" section="user">
      <h1>Your For-you signals</h1>
      <p>What <a href="/for-you">For you</a> ranks papers by. Only you see this page; the ranking is computed from these each time you open it, and nothing else about you is kept for it.</p>
      <table class="signal-counts">
        <thead><tr><th scope="col">Signal</th><th scope="col">Count</th><th scope="col">How it counts</th></tr></thead>
        <tbody>
          {KIND_WORDS.map(([key, words, how]) => <tr data-kind={key}><td>{words}</td><td>{summary.counts[key]}</td><td class="muted">{how}</td></tr>)}
        </tbody>
      </table>
      <h2>Your feedback</h2>
      {summary.feedback.length === 0 ? <p class="muted">No "not interested" or "more like this" yet.</p> : (
        <ul class="feedback-list">
          {summary.feedback.map((f) => (
            <li>
              <span class="muted">{f.kind === 'not_interested' ? 'Not interested' : 'More like this'}</span> <a href={paperPath(f.paperId)}><MathText text={f.title} /></a>{' '}
              <form method="post" action="/for-you/feedback/undo" class="inline">
                <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
                <input type="hidden" name="paper_id" value={f.paperId} />
                <button class="secondary" type="submit">Undo</button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2>Forget my history</h2>
      <p>Deletes all your "not interested" and "more like this" feedback, so For you starts again from your public actions. Your upvotes, collections, comments and follows stay as they are: they are public actions, shown on the site; take them back where you made them (an upvote's button, a collection's page, <a href="/papers/following">Following</a>).</p>
      <form method="post" action="/for-you/forget">
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <button type="submit" class="danger">Forget my history</button>
      </form>
      <p>To remove everything about you, including these signals, <a href="/account/delete">delete your account</a>.</p>
    </Layout>
  );
}
