import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/user-error.js';
import { parseJson } from '../../src/json/parse-json.js';

describe('JSON as people save it', () => {
  it('skips a UTF-8 byte-order mark (Windows editors write one)', () => {
    expect(parseJson('\uFEFF{"hidden_size": 768}', 'config.json')).toEqual({ hidden_size: 768 });
  });

  it('keeps integers longer than a double holds exact, as bigint', () => {
    const parsed = parseJson('{"num_hidden_layers": 99999999999999999999, "d": 4096}', 'c') as {
      num_hidden_layers: unknown;
      d: unknown;
    };
    expect(parsed.num_hidden_layers).toBe(99999999999999999999n);
    expect(parsed.d).toBe(4096);
  });

  it('says where a file fails, by line and column, as a UserError', () => {
    const parse = () => parseJson('{\n  "hidden_size": 768,\n  "vocab_size": ]\n}', 'config.json');
    expect(parse).toThrow(UserError);
    expect(parse).toThrow(/config\.json is not valid JSON: .*line 3/);
  });
});
