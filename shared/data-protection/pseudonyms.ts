// Stable pseudonyms: an HMAC-SHA-256 of the id under the stage's pseudonym key. The same customer has
// the same pseudonym in every answer and on every day (analysts can count and join), a different one on
// another stage, and without the key nobody can go from a pseudonym back to the id, nor test a guess.
// Staff references (what a customer is shown of who looked at its data) are made the same way under
// another label, so a staff reference never equals a customer pseudonym.
import { createHmac } from 'node:crypto';

export type Pseudonymiser = { customer: (customerId: string) => string; staff: (subject: string) => string };

/** At least 32 bytes of key: shorter keys would make the pseudonyms guessable by brute force of the key. */
export const MIN_KEY_BYTES = 32;

export function pseudonymiser(key: string): Pseudonymiser {
  if (Buffer.byteLength(key) < MIN_KEY_BYTES) throw new Error(`The pseudonym key must have at least ${MIN_KEY_BYTES} bytes`);
  const mac = (label: string, id: string) => createHmac('sha256', key).update(`${label}\u0000${id}`).digest('base64url').slice(0, 22);
  return { customer: (id) => `P-${mac('customer', id)}`, staff: (subject) => `S-${mac('staff', subject)}` };
}
