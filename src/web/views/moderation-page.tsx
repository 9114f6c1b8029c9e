import type { ModerationEntry } from '../../store/moderation.js';
import { Layout, type PageContext } from './layout.js';
import { UserLink } from './user-link.js';

function targetLink(e: ModerationEntry) {
  if (e.targetKind === 'paper') return <a href={`/papers/${e.targetId}`}>paper {e.targetId}</a>;
  if (e.targetKind === 'author') return <a href={`/authors/${encodeURIComponent(e.targetId)}`}>author {e.targetId}</a>;
  if (e.targetKind === 'org') return <a href={`/orgs/${encodeURIComponent(e.targetId)}`}>organization {e.targetId}</a>;
  if (e.targetKind === 'user') return <>user <UserLink handle={e.targetId} name={e.targetName ?? e.targetId} /></>;
  return <span>{e.targetKind} {e.targetId}</span>;
}

/** Moderators also see what a hidden comment said (often abuse or someone's personal data: not for the public log). */
export function ModerationPage({ ctx, entries, older }: { ctx: PageContext; entries: ModerationEntry[]; older: number | null }) {
  const moderator = ctx.user?.isAdmin === true;
  return (
    <Layout ctx={ctx} title="Moderation log" section="moderation">
      <h1>Moderation log</h1>
      <p class="muted">Every moderator action, with its reason, in public.</p>
      {entries.length === 0 ? (
        <p class="muted">No moderation so far.</p>
      ) : (
        <table class="log">
          <thead><tr><th>When (UTC)</th><th>Moderator</th><th>Action</th><th>Target</th><th>Reason</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr>
                <td><time dateTime={e.createdAt}>{e.createdAt.slice(0, 16).replace('T', ' ')}</time></td>
                <td><UserLink handle={e.moderator} name={e.moderatorName} /></td>
                <td>{e.action}</td>
                <td>{targetLink(e)}</td>
                <td>
                  {e.reason}
                  {moderator && e.hiddenText !== null ? <blockquote class="hidden-text">{e.hiddenText}</blockquote> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {older ? <p><a href={`/moderation?before=${older}`}>Older entries →</a></p> : null}
    </Layout>
  );
}
