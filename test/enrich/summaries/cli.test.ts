import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../../src/store/papers.js';
import { buildRecord } from '../../support/factories.js';
import { runCli } from '../../support/cli.js';
import { sqliteFactory, type TestStore } from '../../support/stores.js';
import { type ChatServer, startChatServer } from './chat-server.js';

describe('paperboy enrich summaries', () => {
  let test: TestStore;
  let chat: ChatServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    test = await sqliteFactory.create();
    chat = await startChatServer();
    await upsertPapers(test.store, [
      buildRecord({ id: '2401.00300', submittedAt: '2024-01-02T10:00:00.000Z', abstract: 'Background first, as usual here. We propose a faster parser for arXiv listings.' }),
      buildRecord({ id: '2312.00300', submittedAt: '2023-12-02T10:00:00.000Z', abstract: 'Background first, as usual here. We introduce an older idea again.' }),
    ]);
    env = { DATABASE_URL: test.url };
  });
  afterAll(async () => {
    await chat.close();
    await test.cleanup();
  });

  const rows = () => test.store.db.selectFrom('paper_summaries').select(['paper_id', 'summary', 'source', 'model']).orderBy('paper_id').execute();

  it.each([
    [[], /say what to add: paperboy enrich code, or paperboy enrich summaries/],
    [['thumbnails'], /say what to add.*got "thumbnails"/],
    [['summaries', '--since', '2024-13-01'], /--since must be a date as YYYY-MM-DD/],
    [['summaries', '--ids', 'not-an-id'], /not-an-id/],
    [['summaries', '--ids', '2401.99999'], /not in the store: 2401\.99999/],
    [['summaries', '--model'], /--model needs a chat server: set SUMMARY_URL/],
    [['summaries', '--bogus'], /Unknown option/],
  ])('refuses %j with a clear error, exit 2, nothing stored', async (args, message) => {
    const r = await runCli(['enrich', ...args], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await rows()).toEqual([]);
  });

  it('SUMMARIES=off refuses', async () => {
    const r = await runCli(['enrich', 'summaries'], { ...env, SUMMARIES: 'off' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SUMMARIES=off/);
  });

  it('summarises explicit ids, then everything else, offline; then one paper by the model', async () => {
    const one = await runCli(['enrich', 'summaries', '--ids', 'arXiv:2312.00300v1'], env);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/summaries: 1 extractive, 0 by the model .*in the store: 1 extractive, 0 by a model/);
    const all = await runCli(['enrich', 'summaries'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/summaries: 1 extractive/);
    expect(await rows()).toEqual([
      { paper_id: '2312.00300', summary: 'We introduce an older idea again.', source: 'extractive', model: null },
      { paper_id: '2401.00300', summary: 'We propose a faster parser for arXiv listings.', source: 'extractive', model: null },
    ]);
    chat.replies.push({ content: 'A faster parser for arXiv listings.' });
    const model = await runCli(['enrich', 'summaries', '--model', '--ids', '2401.00300'], { ...env, SUMMARY_URL: chat.url, SUMMARY_MODEL: 'tiny' });
    expect(model.code).toBe(0);
    expect(model.stdout).toMatch(/0 extractive, 1 by the model/);
    expect((await rows())[1]).toEqual({ paper_id: '2401.00300', summary: 'A faster parser for arXiv listings.', source: 'model', model: 'tiny' });
    expect(chat.requests).toHaveLength(1);
  });
});
