/**
 * When a claim verifies itself: the claimant's e-mail domain appears in one of the author's
 * papers (the comments field, the abstract, the submitter field: "Dept. X, example.edu",
 * "alice@cs.example.edu"). The whole domain must appear as a word (`cs.example.edu` is not
 * verified by `example.edu` alone, nor `mit.edu` by `summit.edu`), and public mail services
 * verify nothing (anyone has a gmail.com address).
 */
const PUBLIC_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.co.jp', 'icloud.com', 'me.com', 'mac.com',
  'aol.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.ru', 'yandex.ru', 'qq.com', '163.com', '126.com', 'foxmail.com',
  'sina.com', 'naver.com', 'example.com', 'example.org', 'users.noreply.github.com', 'fastmail.com', 'zoho.com', 'tutanota.com',
]);

/** The domain of an address, lowercased; null when it has none. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  const domain = at < 0 ? '' : email.slice(at + 1).trim().toLowerCase();
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : null;
}

export function isPublicMailDomain(domain: string): boolean {
  return PUBLIC_MAIL.has(domain);
}

/** Whether `texts` name the domain of `email` (see above). */
export function domainVerifies(email: string, texts: readonly string[]): boolean {
  const domain = emailDomain(email);
  if (!domain || isPublicMailDomain(domain)) return false;
  const escaped = domain.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const word = new RegExp(`(^|[^a-z0-9.-])${escaped}(?![a-z0-9-]|\\.[a-z0-9])`, 'i');
  // "@domain" counts too: the character before is '@', which is not a word character here.
  return texts.some((t) => word.test(t));
}
