import { describe, expect, it } from 'vitest';
import { timezoneField } from '../../src/http/pages/subscribe-form.js';

const selected = (field: string) =>
  [...field.matchAll(/<option value="([^"]*)" selected>/g)].map((m) => m[1]);

describe('the time-zone field', () => {
  it('selects the reader’s zone, also one the runtime’s list leaves out', () => {
    expect(selected(timezoneField('Europe/Berlin'))).toEqual(['Europe/Berlin']);
    expect(selected(timezoneField(null))).toEqual(['']);
    expect(selected(timezoneField('auto'))).toEqual(['auto']);
    for (const zone of ['UTC', 'Asia/Kolkata', 'Asia/Calcutta']) {
      const field = timezoneField(zone);
      expect(selected(field)).toEqual([zone]);
      expect(field.split(`value="${zone}"`)).toHaveLength(2);
    }
  });
});
