import { describe, expect, it } from 'vitest';
import { pipelineStates } from '@/db/schema/enums';
import { assertTransition, canTransition, InvalidTransitionError, transitions } from './states';

describe('document state machine', () => {
  it('covers every state', () => {
    expect(Object.keys(transitions).sort()).toEqual([...pipelineStates].sort());
  });

  it('follows the pipeline forward', () => {
    const path = ['received', 'uploading', 'extracting', 'in_review', 'approved', 'sending', 'delivered'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('never moves a delivered document, nor goes backwards on a late webhook', () => {
    for (const to of pipelineStates) expect(canTransition('delivered', to)).toBe(false);
    expect(canTransition('sending', 'extracting')).toBe(false);
    expect(() => assertTransition('approved', 'uploading')).toThrow(InvalidTransitionError);
  });

  it('lets a person block at any step before delivery', () => {
    for (const from of pipelineStates.filter((s) => s !== 'delivered' && s !== 'blocked'))
      expect(canTransition(from, 'blocked')).toBe(true);
  });
});
