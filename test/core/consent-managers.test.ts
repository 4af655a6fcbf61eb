// Each consent manager's record, read and written as the real library does: what counts as a
// refusal, an acceptance or a mix, and a record set directly reads back as the choice it stands for.
import { describe, expect, it } from 'vitest';
import { MANAGERS, CONSENT_RECORD_COOKIES, managerById } from '../../src/core/consent/managers/index.ts';
import { choiceOf } from '../../src/core/consent/managers/manager.ts';
import { readKlaro } from '../../src/core/consent/managers/klaro.ts';
import { readTarteaucitron } from '../../src/core/consent/managers/tarteaucitron.ts';

const jar = (name: string, value: string) => [{ name: 'other', value: 'x' }, { name, value }];
const odsValue = (choices: Record<string, boolean>) => encodeURIComponent(JSON.stringify({ functional_cookies: true, ...choices, timestamp: 1700000000000 }));

describe('the platform\'s record, cookies_preferences', () => {
  const ods = managerById('opendatasoft');
  it('reads a refusal, an acceptance and a mix of its trackers; functional_cookies is no choice', () => {
    expect(ods.recorded(jar('cookies_preferences', odsValue({ ga: false, matomo: false })))).toBe('refuse-all');
    expect(ods.recorded(jar('cookies_preferences', odsValue({ ga: true, matomo: true })))).toBe('accept-all');
    expect(ods.recorded(jar('cookies_preferences', odsValue({ ga: true, matomo: false })))).toBe('mixed');
    // A portal with no tracker configured records only the necessary part: nothing left to refuse.
    expect(ods.recorded(jar('cookies_preferences', odsValue({})))).toBe('accept-all');
    expect(ods.recorded(jar('cookies_preferences', 'not json'))).toBeUndefined();
    expect(ods.recorded([{ name: 'other', value: 'x' }])).toBeUndefined();
  });

  it('writes a record that reads back as the choice, for the trackers the page knows', () => {
    for (const choice of ['refuse-all', 'accept-all'] as const) {
      const record = ods.record(choice, ['ga', 'xiti', 'unknown', 'functional_cookies']);
      expect(record.name).toBe('cookies_preferences');
      const data = JSON.parse(decodeURIComponent(record.value));
      expect(data).toMatchObject({ functional_cookies: true, ga: choice === 'accept-all', xiti: choice === 'accept-all' });
      expect(data).not.toHaveProperty('unknown');
      expect(ods.recorded([record])).toBe(choice);
    }
    // No tracker known: every key the platform writes.
    expect(Object.keys(JSON.parse(decodeURIComponent(ods.record('refuse-all', []).value))).sort()).toEqual(['at', 'eulerian', 'functional_cookies', 'ga', 'matomo', 'piano', 'timestamp', 'xiti']);
    expect(ods.keysOf(jar('cookies_preferences', odsValue({ ga: true, matomo: false })))).toEqual(['ga', 'matomo']);
    expect(ods.keysOf([])).toEqual([]);
  });
});

describe('tarteaucitron\'s record', () => {
  const tac = managerById('tarteaucitron');
  it('reads !service=true|false pairs; wait is no answer', () => {
    expect(readTarteaucitron('!gtag=true!matomo=false!youtube=wait')).toEqual({ gtag: true, matomo: false });
    expect(readTarteaucitron(encodeURIComponent('!a=true'))).toEqual({ a: true });
    expect(tac.recorded(jar('tarteaucitron', '!a=false!b=false'))).toBe('refuse-all');
    expect(tac.recorded(jar('tarteaucitron', '!a=true!b=true'))).toBe('accept-all');
    expect(tac.recorded(jar('tarteaucitron', '!a=true!b=false'))).toBe('mixed');
    expect(tac.recorded(jar('tarteaucitron', '!a=wait'))).toBeUndefined();
    expect(tac.keysOf(jar('tarteaucitron', '!a=wait!b=true'))).toEqual(['a', 'b']);
  });

  it('writes a record that reads back as the choice', () => {
    const record = tac.record('refuse-all', ['a', 'b']);
    expect(record).toEqual({ name: 'tarteaucitron', value: '!a=false!b=false' });
    expect(tac.recorded([record])).toBe('refuse-all');
    expect(tac.recorded([tac.record('accept-all', ['a'])])).toBe('accept-all');
  });
});

describe('Klaro\'s record', () => {
  const kl = managerById('klaro');
  it('reads URL-encoded JSON of per-service booleans, and nothing from garbage', () => {
    expect(readKlaro(encodeURIComponent('{"a":true,"b":false,"c":"x"}'))).toEqual({ a: true, b: false });
    expect(readKlaro('%E0%A4%A')).toEqual({});
    expect(readKlaro('[true]')).toEqual({});
    expect(kl.recorded(jar('klaro', encodeURIComponent('{"a":false}')))).toBe('refuse-all');
    expect(kl.recorded(jar('klaro', encodeURIComponent('{"a":true,"b":true}')))).toBe('accept-all');
    expect(kl.recorded(jar('klaro', encodeURIComponent('{}')))).toBeUndefined();
    expect(kl.keysOf(jar('klaro', encodeURIComponent('{"a":true,"b":false}')))).toEqual(['a', 'b']);
    const record = kl.record('accept-all', ['a']);
    expect(kl.recorded([record])).toBe('accept-all');
  });
});

describe('records at their edges', () => {
  it('reads no Klaro record from a value past 10,000 characters, null, or no cookie, and writes every key', () => {
    const kl = managerById('klaro');
    expect(readKlaro(encodeURIComponent(`{"a":true,"pad":"${'x'.repeat(10_000)}"}`))).toEqual({});
    expect(readKlaro('null')).toEqual({});
    expect(kl.recorded([{ name: 'other', value: 'x' }])).toBeUndefined();
    expect(kl.keysOf([{ name: 'other', value: 'x' }])).toEqual([]);
    expect(kl.keysOf([{ name: 'klaro' }])).toEqual([]);
    expect(readKlaro(decodeURIComponent(kl.record('refuse-all', ['a', 'b']).value))).toEqual({ a: false, b: false });
    expect(JSON.parse(decodeURIComponent(kl.record('accept-all', ['a', 'b']).value))).toEqual({ a: true, b: true });
  });
});

describe('the managers as a set', () => {
  it('the platform first; every record cookie named once; each rule has a refuse and an accept way', () => {
    expect(MANAGERS.map((m) => m.id)).toEqual(['opendatasoft', 'tarteaucitron', 'klaro', 'orejime', 'cookieconsent']);
    expect([...CONSENT_RECORD_COOKIES].sort()).toEqual(['cc_cookie', 'cookies_preferences', 'eu-consent', 'klaro', 'orejime', 'tarteaucitron']);
    for (const m of MANAGERS) {
      expect(m.rule.id).toBe(m.id);
      expect(m.rule.present.length).toBeGreaterThan(0);
      expect(m.rule.refuseAll ?? m.rule.switches).toBeDefined();
      expect(m.rule.acceptAll ?? m.rule.switches).toBeDefined();
    }
    expect(choiceOf({})).toBeUndefined();
  });
});
