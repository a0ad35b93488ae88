import { describe, expect, it } from 'vitest';
import { blockWords } from '../../../src/cli/blocks/block-words.js';
import { parseBlock } from '../../../src/cli/blocks/block-command.js';

describe("a block's words, as a shell splits them", () => {
  it.each([
    ['derive attention --set d_model=512', ['derive', 'attention', '--set', 'd_model=512']],
    [
      'memory gpt2\n  --dtype int4\n  --context 4k',
      ['memory', 'gpt2', '--dtype', 'int4', '--context', '4k'],
    ],
    ["derive --config 'my model/config.json'", ['derive', '--config', 'my model/config.json']],
    ['derive --config "a \\"b\\"/c.json"', ['derive', '--config', 'a "b"/c.json']],
    [
      '# a comment\nderive gpt2 # not a comment mid-line',
      ['derive', 'gpt2', '#', 'not', 'a', 'comment', 'mid-line'],
    ],
    ["derive ''", ['derive', '']],
  ])('%j', (text, words) => expect(blockWords(text)).toEqual(words));

  it('refuses an unclosed quote', () => {
    expect(() => blockWords("derive 'gpt2")).toThrow(/unclosed '/);
  });
});

describe("a block parsed by its command's own options", () => {
  it('takes the command, its target and options, and the block’s --show and --lang', async () => {
    const block = await parseBlock(
      blockWords('memory llama-2-7b --dtype int4 --show all --lang zh'),
    );
    expect(block).toMatchObject({
      command: 'memory',
      args: ['llama-2-7b'],
      show: 'all',
      lang: 'zh',
    });
    expect(block.options.dtype).toBe('int4');
  });

  it('says what is wrong as the CLI says it', async () => {
    await expect(parseBlock(['list'])).rejects.toThrow(
      /starts with a command: derive, memory, flops, lora, speed or diff, not 'list'/,
    );
    await expect(parseBlock(['memory', '--dtype', 'int3'])).rejects.toThrow(/--dtype.*int3/);
    await expect(parseBlock(['derive', '--frobnicate'])).rejects.toThrow(
      /unknown option '--frobnicate'/,
    );
    await expect(parseBlock(['derive', '-o', 'x.md'])).rejects.toThrow(
      /-o does not apply in a block/,
    );
    await expect(parseBlock(['derive', '--show', 'everything'])).rejects.toThrow(
      /--show everything: expected derivation, total, breakdown, figures or all/,
    );
  });
});
