import { LIMITS } from '../../domain/community-rules.js';

/** A moderator action behind a disclosure: the target as hidden fields, a public reason, one button. */
export function ModerationForm({ csrf, summary, action, target, button }: { csrf: string; summary: string; action: string; target: Record<string, string>; button: string }) {
  const id = `reason-${action.replace(/\W/g, '')}`;
  return (
    <details>
      <summary>{summary}</summary>
      <form class="stack" method="post" action={action}>
        <input type="hidden" name="_csrf" value={csrf} />
        {Object.entries(target).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
        <label for={id}>Reason (public)</label>
        <input id={id} type="text" name="reason" required minLength={LIMITS.reasonMinChars} maxLength={LIMITS.reasonMaxChars} />
        <button class="secondary" type="submit">{button}</button>
      </form>
    </details>
  );
}
