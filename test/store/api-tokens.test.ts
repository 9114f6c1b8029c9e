import type { FastifyRequest } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiTokenHash, createApiToken, listApiTokens, MAX_ACTIVE_TOKENS, resolveApiToken, revokeApiToken } from '../../src/store/api-tokens.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { bearerIdentity } from '../../src/web/http/bearer.js';
import { dialects, type TestStore } from '../support/stores.js';

const T0 = new Date('2026-11-28T12:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** A request as bearer.ts sees it: only its headers matter. */
const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as FastifyRequest;

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`API tokens on ${dialect.name}`, () => {
    let t: TestStore;
    let userId: number;
    beforeEach(async () => {
      t = await dialect.create();
      userId = (await findOrCreateUser(t.store, 'ada@example.org', 'ada', T0)).id;
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('returns the secret once and keeps only its SHA-256 and a short prefix', async () => {
      const { token, secret } = await createApiToken(t.store, userId, '  laptop   script ', T0);
      expect(secret).toMatch(/^pbt_[A-Za-z0-9_-]{43}$/);
      expect(token).toEqual({ id: token.id, userId, name: 'laptop script', prefix: secret.slice(0, 12), createdAt: T0.toISOString(), lastUsedAt: null });
      const rows = await t.store.db.selectFrom('api_tokens').selectAll().execute();
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      expect(row.token_hash).toBe(apiTokenHash(secret));
      expect(row.token_hash).not.toContain(secret.slice(4));
      expect(Object.values(row).some((v) => typeof v === 'string' && v.includes(secret.slice(12)))).toBe(false);
      expect(row.prefix).toBe(secret.slice(0, 12));
      // Two tokens never share a secret.
      const other = await createApiToken(t.store, userId, 'CI', T0);
      expect(other.secret).not.toBe(secret);
      expect((await listApiTokens(t.store, userId)).map((x) => x.name).sort()).toEqual(['CI', 'laptop script']);
    });

    it('resolves to its user and notes the use at most once a minute', async () => {
      const { token, secret } = await createApiToken(t.store, userId, 'script', T0);
      expect((await resolveApiToken(t.store, secret, at(5)))?.user.name).toBe('ada');
      const lastUsed = async () => (await listApiTokens(t.store, userId)).find((x) => x.id === token.id)!.lastUsedAt;
      expect(await lastUsed()).toBe(at(5).toISOString());
      await resolveApiToken(t.store, secret, at(30));
      expect(await lastUsed()).toBe(at(5).toISOString());
      await resolveApiToken(t.store, secret, at(65));
      expect(await lastUsed()).toBe(at(65).toISOString());
    });

    it('a revoked token stops working and leaves the list; only its owner can revoke it', async () => {
      const { token, secret } = await createApiToken(t.store, userId, 'old', T0);
      const mallory = await findOrCreateUser(t.store, 'mallory@example.org', 'mallory', T0);
      expect(await revokeApiToken(t.store, mallory.id, token.id, at(1))).toBe(false);
      expect(await resolveApiToken(t.store, secret, at(2))).toBeDefined();
      expect(await revokeApiToken(t.store, userId, token.id, at(3))).toBe(true);
      expect(await revokeApiToken(t.store, userId, token.id, at(4))).toBe(false);
      expect(await resolveApiToken(t.store, secret, at(5))).toBeUndefined();
      expect(await listApiTokens(t.store, userId)).toEqual([]);
    });

    it("a banned user's tokens stop working", async () => {
      const { secret } = await createApiToken(t.store, userId, 'script', T0);
      await t.store.db.updateTable('users').set({ banned_at: at(1).toISOString() }).where('id', '=', userId).execute();
      expect(await resolveApiToken(t.store, secret, at(2))).toBeUndefined();
    });

    it('refuses empty, long or control-character names and more than the active limit', async () => {
      await expect(createApiToken(t.store, userId, '   ')).rejects.toThrow(/token name/);
      await expect(createApiToken(t.store, userId, 'x'.repeat(61))).rejects.toThrow(/at most 60/);
      await expect(createApiToken(t.store, userId, 'a\u0007b')).rejects.toThrow(/control/);
      await expect(createApiToken(t.store, userId, 42)).rejects.toThrow(/token name/);
      for (let i = 0; i < MAX_ACTIVE_TOKENS; i++) await createApiToken(t.store, userId, `t${i}`, T0);
      await expect(createApiToken(t.store, userId, 'one more')).rejects.toThrow(/revoke one first/);
    });

    it('bearer.ts: the header resolves to the user; missing, malformed, unknown, revoked and banned are 401 errors', async () => {
      const { token, secret } = await createApiToken(t.store, userId, 'script', T0);
      expect((await bearerIdentity(request(`Bearer ${secret}`), t.store, at(1))).user.id).toBe(userId);
      expect((await bearerIdentity(request(`bearer   ${secret}`), t.store, at(1))).tokenId).toBe(token.id);
      const refusal = async (header: string | undefined) => {
        try {
          await bearerIdentity(request(header), t.store, at(2));
          return 'accepted';
        } catch (err) {
          return `${(err as { code: string }).code}: ${(err as Error).message}`;
        }
      };
      expect(await refusal(undefined)).toMatch(/^sign_in: .*Authorization: Bearer/);
      expect(await refusal('')).toMatch(/^sign_in/);
      expect(await refusal(`Basic ${Buffer.from('a:b').toString('base64')}`)).toMatch(/^invalid_token: malformed Authorization header/);
      expect(await refusal('Bearer')).toMatch(/^invalid_token: malformed Authorization header/);
      expect(await refusal(`Bearer ${secret} extra`)).toMatch(/^invalid_token: malformed Authorization header/);
      expect(await refusal('Bearer not-a-token')).toMatch(/^invalid_token: malformed API token/);
      expect(await refusal(`Bearer pbt_${'A'.repeat(43)}`)).toMatch(/^invalid_token: this API token is not valid/);
      await revokeApiToken(t.store, userId, token.id, at(3));
      expect(await refusal(`Bearer ${secret}`)).toMatch(/^invalid_token: this API token is not valid/);
      const second = await createApiToken(t.store, userId, 'second', T0);
      await t.store.db.updateTable('users').set({ banned_at: at(4).toISOString() }).where('id', '=', userId).execute();
      expect(await refusal(`Bearer ${second.secret}`)).toMatch(/^invalid_token: this API token is not valid/);
    });
  });
}
