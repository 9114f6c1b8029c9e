import type { PaperRecord } from '../../src/domain/paper.js';
import { seededRandom } from '../../src/search/random.js';
import { buildRecord } from './factories.js';

/**
 * For-you tests' corpus: robotics (cs.RO) and language agents (cs.CL), each with its own
 * vocabulary so the built-in model gives them apart, 8 papers a topic, one a day from Sunday
 * 2026-01-04 to Sunday 2026-01-11 (the ISO week 05-11 is then both the page's week and a weekly
 * digest's). The language papers are the upvoted ones: trending alone would put them first.
 */
const TOPICS = [
  { title: 'Robot grasping study', category: 'cs.RO', words: ['The robot arm grasps objects from a cluttered bin with a parallel gripper.', 'A manipulator learns grasp poses from tactile sensing.', 'The gripper places household objects on a shelf.', 'Finger contact forces keep the grasp stable while lifting.'] },
  { title: 'Language agents study', category: 'cs.CL', words: ['The language agent plans tool calls to browse websites.', 'An assistant agent keeps a memory of earlier steps.', 'Agents write code, run it and read the errors.', 'Tool use lets the agent query search engines.'] },
];

/** Topic t (0 robotics, 1 language), paper n (0-7, day 4+n). */
export const forYouId = (t: number, n: number): string => `2601.${t + 1}0${String(n + 1).padStart(3, '0')}`;
export const FOR_YOU_NOW = new Date('2026-01-11T18:00:00.000Z');
export const FOR_YOU_LAST_DAY = '2026-01-11';

export function forYouCorpus(): PaperRecord[] {
  const random = seededRandom(7);
  return TOPICS.flatMap((topic, t) => Array.from({ length: 8 }, (_, n) => buildRecord({
    id: forYouId(t, n), title: `${topic.title} ${n + 1}`, abstract: [...topic.words].sort(() => random() - 0.5).join(' '),
    categories: [topic.category], primaryCategory: topic.category, dailyAt: `2026-01-${String(4 + n).padStart(2, '0')}T10:00:00.000Z`, upvotes: t === 1 ? 20 : 0,
  })));
}
