import { describe, expect, it } from 'vitest';
import { EscalationRateGuard } from '../../src/escalation/escalation-rate-guard.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 25, 2, 0, seconds));

describe('the escalation-rate guard', () => {
  it('admits the first notices of a minute and holds the rest until the oldest is a minute old', () => {
    const guard = new EscalationRateGuard(2);
    expect([guard.admit(at(0)), guard.admit(at(10)), guard.admit(at(20))]).toEqual([true, true, false]);
    expect(guard.nextOpening(at(20))).toEqual(at(60));
    expect(guard.admit(at(59))).toBe(false);
    expect(guard.admit(at(60))).toBe(true);
    expect(guard.admit(at(61))).toBe(false);
    expect(guard.nextOpening(at(61))).toEqual(at(70));
  });

  it('never names a moment already past', () => {
    const guard = new EscalationRateGuard(1);
    guard.admit(at(0));
    expect(guard.nextOpening(at(90))).toEqual(at(90));
  });
});
