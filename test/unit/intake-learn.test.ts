import { describe, expect, it } from 'vitest';
import { classify } from '../../src/intake/classify.js';
import { type Learnt, learntFor } from '../../src/intake/learn/match.js';
import { samePlace } from '../../src/intake/merge/find.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';

const roster = loadRosterFile('config/roster.example.yaml');
const NOW = Date.parse('2026-11-23T02:00:00Z');
const taught = (text: string, lead: string, at = NOW): Learnt => {
  const u = classify(text, roster, at);
  return {
    id: '1',
    text,
    matter: u.matter,
    rawCategory: u.category,
    rawLead: u.lead,
    category: u.category,
    lead,
    kind: u.kind,
    decidedAt: new Date(at),
  };
};

describe('which correction a new draft follows', () => {
  const stairs = taught('5号楼楼道里堆满了纸箱和旧家具，居民进出都困难', 'pingan');

  it('follows one about the same matter with the same first guess, in other words', () => {
    const text = '3号楼楼道里堆满了纸箱和杂物，进出很不方便';
    expect(learntFor(text, classify(text, roster, NOW), [stairs])?.lead).toBe('pingan');
  });

  it('ignores one about another matter', () => {
    const text = '工体东路一家早餐店后厨卫生很差，有顾客吃了拉肚子';
    expect(learntFor(text, classify(text, roster, NOW), [stairs])).toBeNull();
  });

  it('follows the newest of two that match', () => {
    const newer = { ...taught('6号楼楼道里堆满了纸箱和旧家具', 'chengguan', NOW + 1000), id: '2' };
    const text = '3号楼楼道里堆满了纸箱和杂物，进出很不方便';
    expect(learntFor(text, classify(text, roster, NOW), [stairs, newer])?.id).toBe('2');
  });
});

describe('the same place (并单)', () => {
  it('is one place named within the other, whatever is said around it', () => {
    expect(samePlace('幸福里小区3号楼门口', '幸福里小区3号楼')).toBe(true);
    expect(samePlace('幸福里小区3号楼', '幸福里小区3号楼附近')).toBe(true);
  });
  it('is not a place that merely looks alike, nor a place too short to tell', () => {
    expect(samePlace('光明里小区5号楼门口', '幸福里小区3号楼门口')).toBe(false);
    expect(samePlace('门口', '幸福里小区门口')).toBe(false);
  });
});
