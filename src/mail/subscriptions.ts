import type { Config } from '../config.js';
import type { Preferences } from '../domain/digest-rules.js';
import type { Store } from '../store/database.js';
import { findSubscriber, requestSubscription, type Subscriber } from '../store/subscribers.js';
import { type LinkPurpose, linkKey, readLink, signLink, verifyLink } from './links.js';
import type { Mailer, SendResult } from './transport.js';

/**
 * Double opt-in: a new (or inactive) address gets a confirmation link and nothing else until it
 * is used; an active subscriber gets a mail with the link to manage the subscription, so a
 * stranger typing someone's address changes nothing. Either way the caller answers the same.
 */
export async function requestDigest(store: Store, config: Config, mailer: Mailer, email: string, prefs: Preferences, now = new Date()): Promise<SendResult> {
  const { subscriber, wasActive } = await requestSubscription(store, email, prefs, now);
  if (wasActive) {
    const manage = await linkFor(store, config, 'manage', subscriber);
    return mailer.send({
      to: email,
      subject: 'Your Paperboy digest subscription',
      text: `You are already subscribed to the ${subscriber.frequency} Paperboy digest.\n\nChange topics, frequency or size here:\n${manage}\n\nIf you did not ask for this, ignore this mail: nothing has changed.\n`,
    });
  }
  const confirm = await linkFor(store, config, 'confirm', subscriber);
  return mailer.send({
    to: email,
    subject: 'Confirm your Paperboy digest',
    text: `Please confirm that you want the ${prefs.frequency} digest of top papers from Paperboy:\n\n${confirm}\n\nNothing is sent until you confirm. If you did not ask for this, ignore this mail.\n`,
  });
}

/** The subscriber a link token names, when its signature holds for that purpose. */
export async function subscriberFromLink(store: Store, token: unknown, purpose: LinkPurpose): Promise<Subscriber | undefined> {
  if (typeof token !== 'string') return undefined;
  const claim = readLink(token);
  if (!claim || claim.purpose !== purpose) return undefined;
  const subscriber = await findSubscriber(store, claim.id);
  if (!subscriber) return undefined;
  return verifyLink(await linkKey(store), token, purpose, subscriber) ? subscriber : undefined;
}

export async function linkFor(store: Store, config: Config, purpose: LinkPurpose, subscriber: Subscriber): Promise<string> {
  const path = purpose === 'confirm' ? '/subscribe/confirm' : purpose === 'manage' ? '/subscriptions/manage' : '/unsubscribe';
  return `${config.baseUrl}${path}?t=${signLink(await linkKey(store), purpose, subscriber)}`;
}
