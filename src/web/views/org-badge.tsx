import type { OrgBadge as Badge } from '../../store/orgs.js';

export function orgPath(slug: string): string {
  return `/orgs/${encodeURIComponent(slug)}`;
}

/** The avatar's immutable URL (src/web/pages/org-avatar.ts), or null when the org has none. */
export function orgAvatarPath(org: { slug: string; avatarHash: string | null }): string | null {
  return org.avatarHash ? `${orgPath(org.slug)}/avatar-${org.avatarHash}.webp` : null;
}

/** The org's avatar, or its first letter on a tinted square when it has none. Decorative: the name is always beside it. */
export function OrgAvatar({ org, size }: { org: Pick<Badge, 'slug' | 'name' | 'avatarHash'>; size: number }) {
  const src = orgAvatarPath(org);
  const style = `width:${size}px;height:${size}px`;
  if (src) return <img class="org-avatar" src={src} alt="" width={size} height={size} style={style} loading="lazy" />;
  return <span class="org-avatar letter" aria-hidden="true" style={`${style};font-size:${Math.round(size * 0.6)}px`}>{[...org.name][0]?.toUpperCase() ?? '?'}</span>;
}

/** "under ORG": the avatar and name linking to the org's page (cards, paper pages, profiles). */
export function OrgBadge({ org, size = 16 }: { org: Badge; size?: number }) {
  return (
    <a class="org-badge" href={orgPath(org.slug)}>
      <OrgAvatar org={org} size={size} />
      <span>{org.name}</span>
    </a>
  );
}
