import type { Page } from 'playwright-core';
import { latestLinkTo } from './web.js';

/**
 * Signs in as a person does, in the browser: the login form, the link mailed to the maildir, the
 * link page's button, then the welcome step with `handle` (default: the address's local part).
 * `page` is any page of the context: one already on a /login page (with its `next`) stays there,
 * any other is sent to /login. Answers once signed in.
 */
export async function signInInBrowser(page: Page, web: { url: string; maildir: string }, email: string, handle = email.split('@')[0]!): Promise<Page> {
  if (!page.url().startsWith(`${web.url}/login`)) await page.goto(`${web.url}/login`);
  await page.fill('input[name="email"]', email);
  await page.click('form[action="/login"] button[type="submit"]');
  await page.waitForSelector('text=Check your inbox');
  await page.goto(await latestLinkTo(web.maildir, email));
  await page.click('button:has-text("Sign in")');
  await page.waitForURL(/\/welcome/);
  await page.fill('input[name="handle"]', handle);
  await page.click('button:has-text("Continue")');
  await page.waitForSelector(`a[href="/u/${handle}"]`);
  return page;
}
