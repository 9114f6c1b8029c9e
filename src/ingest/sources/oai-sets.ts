/**
 * arXiv categories -> OAI-PMH set specs. arXiv's sets are `group:archive:CATEGORY`:
 * `cs.CL` -> `cs:cs:CL`, `stat.ML` -> `stat:stat:ML`. The physics group holds many archives,
 * so its sets name the archive: `hep-th` -> `physics:hep-th`, `astro-ph.GA` -> `physics:astro-ph:GA`.
 */
import { InvalidInputError } from '../../domain/errors.js';

/** Archives that form their own group (group name = archive name). */
const OWN_GROUP = new Set(['cs', 'econ', 'eess', 'math', 'q-bio', 'q-fin', 'stat']);

/** Archives of the physics group. */
const PHYSICS_ARCHIVES = new Set([
  'astro-ph', 'cond-mat', 'gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math-ph', 'nlin',
  'nucl-ex', 'nucl-th', 'physics', 'quant-ph',
]);

/**
 * The OAI set for a category (`cs.CL`), an archive (`hep-th`, `cs`) or a set spec given as is
 * (anything with a colon). `physics` alone means the whole physics group, as in OAI-PMH; the
 * `physics` archive is reached through its categories (`physics.optics` -> `physics:physics:optics`).
 * Throws InvalidInputError for an unknown archive.
 */
export function categoryToOaiSet(category: string): string {
  const c = category.trim();
  if (c.includes(':')) return c;
  const dot = c.indexOf('.');
  const archive = dot < 0 ? c : c.slice(0, dot);
  const subject = dot < 0 ? null : c.slice(dot + 1);
  if (subject === '') throw new InvalidInputError(`invalid arXiv category "${category}"`, 'invalid_category');
  if (OWN_GROUP.has(archive)) return subject ? `${archive}:${archive}:${subject}` : archive;
  if (PHYSICS_ARCHIVES.has(archive)) {
    if (!subject) return archive === 'physics' ? 'physics' : `physics:${archive}`;
    return `physics:${archive}:${subject}`;
  }
  throw new InvalidInputError(`unknown arXiv archive "${archive}" in "${category}"`, 'invalid_category');
}
