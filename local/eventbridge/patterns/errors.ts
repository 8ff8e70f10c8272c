const PREFIX = 'Event pattern is not valid. Reason: ';

/** Thrown for a pattern EventBridge would refuse; the message has AWS's InvalidEventPatternException form. */
export class InvalidPatternError extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(PREFIX + reason);
    this.name = 'InvalidPatternError';
    this.reason = reason;
  }
}

export function invalid(reason: string): never {
  throw new InvalidPatternError(reason);
}
