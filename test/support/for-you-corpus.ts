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

/** Topic t (0 robotics, 1 language), paper n (0-7, the last day minus 7-n). */
export const forYouId = (t: number, n: number): string => `2601.${t + 1}0${String(n + 1).padStart(3, '0')}`;
export const FOR_YOU_NOW = new Date('2026-01-11T18:00:00.000Z');
export const FOR_YOU_LAST_DAY = '2026-01-11';

/** `lastDay`: the last paper's feed day (a Sunday keeps the page's week and the weekly digest's the same). */
export function forYouCorpus(lastDay = FOR_YOU_LAST_DAY): PaperRecord[] {
  const random = seededRandom(7);
  const day = (n: number) => new Date(Date.parse(`${lastDay}T10:00:00.000Z`) - (7 - n) * 86_400_000).toISOString();
  return TOPICS.flatMap((topic, t) => Array.from({ length: 8 }, (_, n) => buildRecord({
    id: forYouId(t, n), title: `${topic.title} ${n + 1}`, abstract: [...topic.words].sort(() => random() - 0.5).join(' '),
    categories: [topic.category], primaryCategory: topic.category, dailyAt: day(n), upvotes: t === 1 ? 20 : 0,
  })));
}

/** The latest Sunday up to `now` (UTC). */
export function lastSunday(now = new Date()): string {
  return new Date(now.getTime() - now.getUTCDay() * 86_400_000).toISOString().slice(0, 10);
}
