// The account a camt block reports on (Acct/Id: an IBAN, or Othr/Id with its scheme) to the
// contract's accountId, through the stage's rules (camt-settings.ts).
import { AccountId } from '../../contracts/primitives';
import type { CamtSettings } from './camt-settings';
import { textAt, type XmlElement } from './xml-element';

export type AccountVerdict = { ok: true; accountId: string } | { ok: false; reason: string };

const known = new WeakMap<XmlElement, { settings: CamtSettings; verdict: AccountVerdict }>();

/** Every entry of a block names the block's account: it is resolved once per block. */
export function accountIdOf(account: XmlElement | undefined, settings: CamtSettings): AccountVerdict {
  if (!account) return accountIdFrom(account, settings);
  const cached = known.get(account);
  if (cached && cached.settings === settings) return cached.verdict;
  const verdict = accountIdFrom(account, settings);
  known.set(account, { settings, verdict });
  return verdict;
}

function accountIdFrom(account: XmlElement | undefined, settings: CamtSettings): AccountVerdict {
  const iban = textAt(account, 'Id/IBAN');
  const other = textAt(account, 'Id/Othr/Id');
  const scheme = iban ? 'IBAN' : (textAt(account, 'Id/Othr/SchmeNm/Cd') ?? textAt(account, 'Id/Othr/SchmeNm/Prtry') ?? '');
  const id = iban ?? other;
  if (!id) return { ok: false, reason: 'Acct/Id: neither IBAN nor Othr/Id is given' };
  const rule = settings.accountIds.find((r) => (r.scheme === '*' || r.scheme === scheme) && (r.prefix === undefined || id.startsWith(r.prefix)));
  if (!rule) return { ok: false, reason: `Acct/Id: no account identification rule matches scheme ${scheme || '(none)'}` };
  const accountId = (rule.accountIdPrefix ?? '') + (rule.stripPrefix && rule.prefix ? id.slice(rule.prefix.length) : id);
  if (!AccountId.safeParse(accountId).success) return { ok: false, reason: 'Acct/Id: the mapped accountId is not a valid contract accountId' };
  return { ok: true, accountId };
}
