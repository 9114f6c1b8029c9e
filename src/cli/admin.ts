import { cleanEmail } from '../domain/community-rules.js';
import { randomHandle } from '../domain/user-names.js';
import { InvalidInputError } from '../domain/errors.js';
import { findOrCreateUser, findUserByEmail, listAdmins, setAdmin } from '../store/users.js';
import { defineCommand } from './command.js';
import { withStore } from './context.js';

export const adminCommand = defineCommand({
  name: 'admin',
  summary: 'Grant or revoke moderator rights, or list moderators.',
  usage: 'paperboy admin grant EMAIL | paperboy admin revoke EMAIL | paperboy admin list',
  help: [
    '  grant EMAIL           Make the user with this address a moderator (the account is',
    '                        created if it does not exist yet; it signs in by e-mail link)',
    '  revoke EMAIL          Take moderator rights away',
    '  list                  Print the moderators',
  ].join('\n'),
  options: {},
  allowPositionals: true,
  async run(_values, positionals) {
    const [action, address, ...extra] = positionals;
    if (action === 'list' && address === undefined) {
      return withStore(async (store) => {
        const admins = await listAdmins(store);
        if (admins.length === 0) console.log('no moderators yet: paperboy admin grant EMAIL');
        for (const a of admins) console.log(`${a.name}\t${a.email}`);
        return 0;
      });
    }
    if ((action !== 'grant' && action !== 'revoke') || address === undefined || extra.length > 0) {
      throw new InvalidInputError('usage: paperboy admin grant EMAIL | revoke EMAIL | list', 'usage');
    }
    const email = cleanEmail(address);
    return withStore(async (store) => {
      if (action === 'grant') {
        const user = await findOrCreateUser(store, email, randomHandle);
        await setAdmin(store, user.id, true);
        console.log(`${user.name} <${email}> is a moderator`);
        return 0;
      }
      const user = await findUserByEmail(store, email);
      if (!user) throw new InvalidInputError(`no user with address ${email}`, 'unknown_user');
      await setAdmin(store, user.id, false);
      console.log(`${user.name} <${email}> is no longer a moderator`);
      return 0;
    });
  },
});
