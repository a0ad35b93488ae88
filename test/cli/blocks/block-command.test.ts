import { describe, expect, it } from 'vitest';
import { parseBlock } from '../../../src/cli/blocks/block-command.js';

// A command's definition is built once and parsed again for each block: no block may see another's
// options, whatever came before it (options, a mistake) or beside it (blocks parsed at once).
describe("a block's words parsed by its command's definition", () => {
  it('gives each block its own options, the defaults where it says none', async () => {
    const set = await parseBlock(['memory', 'gpt2', '--set', 'n_layer=2', '--dtype', 'int4']);
    await expect(parseBlock(['memory', 'gpt2', '--no-such-option'])).rejects.toThrow(
      "unknown option '--no-such-option'",
    );
    const plain = await parseBlock(['memory', 'gpt2']);
    expect(set.options).toMatchObject({ set: [['n_layer', '2']], dtype: 'int4' });
    expect(plain.options.set).toEqual([]);
    expect(plain.options.dtype).not.toBe('int4');
    expect(plain.args).toEqual(['gpt2']);
  });

  it('is the same for blocks parsed at once as for each alone', async () => {
    const blocks = [
      ['derive', 'opt-125m', '--set', 'num_hidden_layers=3'],
      ['derive', 'gpt2'],
      ['derive', '--config', 'x.json'],
    ];
    const together = await Promise.all(blocks.map((words) => parseBlock(words)));
    expect(together.map((b) => [b.args, b.options.set, b.options.config])).toEqual([
      [['opt-125m'], [['num_hidden_layers', '3']], undefined],
      [['gpt2'], [], undefined],
      [[undefined], [], 'x.json'],
    ]);
  });
});
