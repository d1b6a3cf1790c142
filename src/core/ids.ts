import { randomInt } from 'node:crypto';

/** Makes ticket ids; tests pass a predictable one. */
export interface IdGenerator {
  ticketId(): string;
}

// Short ids are typed by hand by the secretary (`#K7Q2M answer`), so they avoid look-alikes (0/O, 1/I/L).
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export const randomIds: IdGenerator = {
  ticketId() {
    let s = '';
    for (let i = 0; i < 5; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    return s;
  },
};
