import type { OrgBadge as Badge } from '../../store/orgs.js';
import { OrgBadge } from './org-badge.js';
import { arxivHtmlUrl, arxivLinks } from '../../domain/arxiv-id.js';
import { bibtexFor } from '../../domain/bibtex.js';
import { plainCitation } from '../../domain/citation.js';
import { licenseName } from '../../domain/license-name.js';
import type { PaperLinks } from '../../domain/paper-links.js';
import type { PaperState } from '../../domain/paper-state.js';
import { OUTSIDE_LINK_REL } from '../render/link-urls.js';
import { CiteBox } from './cite-box.js';
import { Day } from './time.js';
import { MathText } from './math.js';
import { UserLink } from './user-link.js';

export interface PaperSidebarProps {
  paper: PaperState;
  /** Code and project page: stored, else found in the abstract or comments field. */
  links: PaperLinks;
  /** Stars of the code repository, when known. */
  githubStars?: number | null;
  submittedBy: string | null;
  /** The org it was submitted under. */
  org?: Badge | null;
  submitterName: string | null;
}

const STARS = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** Everything about a paper but its text: identifiers, dates, versions, categories, links, citations. */
export function PaperSidebar({ paper, links, githubStars, submittedBy, submitterName, org }: PaperSidebarProps) {
  const arxiv = arxivLinks(paper.id);
  const html = arxivHtmlUrl(paper.id);
  const license = paper.license ? licenseName(paper.license) : null;
  return (
    <aside class="paper-side" aria-label="About this paper">
      <p class="arxiv-id"><a href={arxivLinks(paper.id, paper.version).abs}>arXiv:{paper.id}{paper.version ? `v${paper.version}` : ''}</a></p>
      <ul class="side-links">
        <li><a href={arxiv.abs}>Abstract on arXiv</a></li>
        <li><a href={arxiv.pdf}>PDF</a></li>
        {html ? <li><a href={html}>HTML</a></li> : null}
        {links.githubRepo ? (
          <li>
            <a href={links.githubRepo} rel={OUTSIDE_LINK_REL}>Code</a>
            {githubStars != null ? <span class="stars" title={`${githubStars} stars on GitHub`}> ★ {STARS.format(githubStars)}</span> : null}
          </li>
        ) : null}
        {links.projectPage ? <li><a href={links.projectPage} rel={OUTSIDE_LINK_REL}>Project page</a></li> : null}
      </ul>
      <dl class="facts">
        {paper.submittedAt ? <><dt>Submitted</dt><dd><Day date={paper.submittedAt} /></dd></> : null}
        {paper.announcedOn ? <><dt>Announced</dt><dd><Day date={paper.announcedOn} /></dd></> : null}
        {paper.feedDate ? <><dt>In the feed</dt><dd><a href={`/papers/date/${paper.feedDate}`}><Day date={paper.feedDate} /></a></dd></> : null}
        {paper.versions.length > 0 ? (
          <>
            <dt>Versions</dt>
            <dd>
              <ol class="versions">
                {paper.versions.map((v) => (
                  <li><a href={arxivLinks(paper.id, v.version).abs}>v{v.version}</a> <Day date={v.submittedAt} />{v.size ? <span class="muted"> · {v.size}</span> : null}</li>
                ))}
              </ol>
            </dd>
          </>
        ) : null}
        {paper.categories.length ? (
          <>
            <dt>Categories</dt>
            <dd class="chips">{paper.categories.map((c) => <a class={c === paper.primaryCategory ? 'chip primary' : 'chip'} href={`/papers/category/${encodeURIComponent(c)}`}>{c}</a>)}</dd>
          </>
        ) : null}
        {paper.comments ? <><dt>Comments</dt><dd><MathText text={paper.comments} links /></dd></> : null}
        {paper.journalRef ? <><dt>Journal ref</dt><dd>{paper.journalRef}</dd></> : null}
        {paper.doi ? <><dt>DOI</dt><dd>{paper.doi.split(/\s+/).map((d) => <><a href={`https://doi.org/${d}`}>{d}</a> </>)}</dd></> : null}
        {paper.reportNo ? <><dt>Report number</dt><dd>{paper.reportNo}</dd></> : null}
        {paper.mscClass ? <><dt>MSC class</dt><dd>{paper.mscClass}</dd></> : null}
        {license ? <><dt>Licence</dt><dd><a href={paper.license!} rel="license noopener">{license}</a></dd></> : null}
        {paper.submitter ? <><dt>Submitted to arXiv by</dt><dd>{paper.submitter}</dd></> : null}
        {submittedBy ? <><dt>Submitted by</dt><dd><UserLink handle={submittedBy} name={submitterName ?? submittedBy} /></dd></> : null}
        {org ? <><dt>Organization</dt><dd><OrgBadge org={org} size={20} /></dd></> : null}
      </dl>
      <h2 class="side-heading">Cite</h2>
      <CiteBox id="cite-bibtex" summary="BibTeX" text={bibtexFor(paper)} />
      <CiteBox id="cite-text" summary="Plain text" text={plainCitation(paper)} />
    </aside>
  );
}
