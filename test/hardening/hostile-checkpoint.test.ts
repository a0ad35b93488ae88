import { expectUserErrorLine } from '../support/cli.js';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open-checkpoint.js';
import { UserError } from '../../src/errors/user-error.js';
import { writeGguf } from '../support/gguf.js';
import {
  tinyLlamaTotal,
  writeSparseSafetensors,
  writeTinyLlama,
} from '../support/llama-checkpoint.js';

/**
 * Issue 16's hostile checkpoints, local side (the remote side: test/checkpoint/hostile-remote.test.ts): shard names that leave the folder, files that are
 * not regular files, safetensors headers that do not add up, truncated or boastful GGUF headers,
 * and names that would repaint the terminal. Each is one line and exit 2 (or, for names, an
 * escaped report), quickly — never a hang, a read outside the folder, or a "Match".
 */
const cli = fileURLToPath(new URL('../../dist/cli/tparams.cjs', import.meta.url));

/** The CLI with a time limit: a FIFO read would otherwise hang the test instead of failing it. */
function verify(args: string[]) {
  const run = spawnSync(process.execPath, [cli, 'verify', ...args], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(run.error, 'the CLI hung').toBeUndefined();
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const expectOneLine = expectUserErrorLine;

async function expectRefused(target: string, message: RegExp) {
  const error = await openCheckpoint(target).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${target} was accepted`).toBeInstanceOf(UserError);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
}

/** A folder with the tiny Llama's config.json and a model.safetensors.index.json of this weight_map. */
function indexed(weightMap: unknown): string {
  const dir = writeTinyLlama(1);
  writeFileSync(
    join(dir, 'model.safetensors.index.json'),
    JSON.stringify({ metadata: {}, weight_map: weightMap }),
  );
  return dir;
}

/** A safetensors file with this header text verbatim and `dataBytes` of sparse data after it. */
function rawSafetensors(header: string | object, dataBytes: number): string {
  const dir = writeTinyLlama(1);
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(text)));
  const fd = openSync(join(dir, 'model.safetensors'), 'w');
  writeSync(fd, Buffer.concat([length, Buffer.from(text)]));
  ftruncateSync(fd, 8 + Buffer.byteLength(text) + dataBytes);
  closeSync(fd);
  return dir;
}

const mkfifo = (path: string) => spawnSync('mkfifo', [path]).status === 0;

describe('shard names in model.safetensors.index.json are plain file names in the folder', () => {
  it('a traversal to /etc/passwd is refused before anything is opened: its bytes never reach the message', () => {
    const run = verify([indexed({ 'model.norm.weight': '../../../../etc/passwd' })]);
    expectOneLine(
      run,
      /weight_map\["model\.norm\.weight"\] = "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" has a folder part: expected a plain file name in the checkpoint's folder$/,
    );
    expect(run.stderr).not.toMatch(/root:|bytes\)/);
  });

  it.each([
    [5, /= 5: expected a shard file name \(a string\)$/],
    [null, /= null: expected a shard file name \(a string\)$/],
    ['.', /= "\." names a folder/],
    ['..', /= "\.\." names a folder/],
    ['/etc/passwd', /= "\/etc\/passwd" is an absolute path/],
    ['C:\\x.safetensors', /is an absolute path/],
    ['sub/model.safetensors', /has a folder part/],
    ['..\\..\\x', /has a folder part/],
    ['', /is empty/],
    ['a\u0000b', /holds a control character/],
  ])('weight_map value %j is refused', async (name, message) => {
    await expectRefused(indexed({ 'model.norm.weight': name }), message);
  });

  it('a weight_map that is not an object of names, or is empty, is refused', async () => {
    await expectRefused(
      indexed(['model.safetensors']),
      /expected a "weight_map" of tensor names to shard files, got \["model\.safetensors"\]$/,
    );
    await expectRefused(indexed({}), /"weight_map" is empty/);
  });

  it('an index naming 10,001 shard files is refused before any is opened (remotely, each costs two requests)', async () => {
    await expectRefused(
      indexed(
        Object.fromEntries(
          Array.from({ length: 10_001 }, (_, i) => [`t${i}`, `s${i}.safetensors`]),
        ),
      ),
      /"weight_map" names more than 10,000 shard files \(the limit\)$/,
    );
  });

  it('a plain name that is a folder inside the checkpoint is refused as a folder', async () => {
    const dir = indexed({ 'model.norm.weight': 'shard.safetensors' });
    mkdirSync(join(dir, 'shard.safetensors'));
    await expectRefused(dir, /shard\.safetensors: it is a folder, expected a regular file$/);
  });
});

describe('a checkpoint, shard, index, config or GGUF that is not a regular file is refused before it is read', () => {
  it('a FIFO shard, a FIFO model.safetensors, a FIFO index, a FIFO config and a FIFO .gguf: one line, no hang', async (context) => {
    const sharded = indexed({ 'model.norm.weight': 'pipe.safetensors' });
    if (!mkfifo(join(sharded, 'pipe.safetensors'))) return context.skip();
    const single = writeTinyLlama(1);
    truncateSync(join(single, 'model.safetensors'), 0);
    spawnSync('rm', [join(single, 'model.safetensors')]);
    mkfifo(join(single, 'model.safetensors'));
    const index = writeTinyLlama(1);
    mkfifo(join(index, 'model.safetensors.index.json'));
    const config = writeTinyLlama(1);
    mkfifo(join(config, 'pipe.json'));
    const gguf = join(mkdtempSync(join(tmpdir(), 'fifo-')), 'model.gguf');
    mkfifo(gguf);
    const started = Date.now();
    expectOneLine(
      verify([sharded]),
      /pipe\.safetensors: it is a FIFO \(named pipe\), expected a regular file$/,
    );
    expectOneLine(
      verify([gguf]),
      /model\.gguf: it is a FIFO \(named pipe\), expected a regular file$/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    // In this process (safe now that the open cannot block), the other places a FIFO can be given.
    await expectRefused(
      single,
      /model\.safetensors: it is a FIFO \(named pipe\), expected a regular file$/,
    );
    await expectRefused(
      join(single, 'model.safetensors'),
      /it is a FIFO \(named pipe\), expected a regular file$/,
    );
    await expectRefused(
      index,
      /model\.safetensors\.index\.json: it is a FIFO \(named pipe\), expected a regular file$/,
    );
    const error = await openCheckpoint(config, join(config, 'pipe.json')).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /cannot read config .*pipe\.json: it is a FIFO \(named pipe\), expected a regular file$/,
    );
  });

  it('a device linked as model.safetensors, a folder named .safetensors or .gguf', async () => {
    const device = writeTinyLlama(1);
    spawnSync('rm', [join(device, 'model.safetensors')]);
    symlinkSync('/dev/zero', join(device, 'model.safetensors'));
    await expectRefused(device, /model\.safetensors: it is a device, expected a regular file$/);
    const folders = mkdtempSync(join(tmpdir(), 'folders-'));
    mkdirSync(join(folders, 'x.safetensors'));
    mkdirSync(join(folders, 'x.gguf'));
    await expectRefused(
      join(folders, 'x.safetensors'),
      /x\.safetensors: it is a folder, expected a regular file$/,
    );
    await expectRefused(
      join(folders, 'x.gguf'),
      /x\.gguf: it is a folder, expected a regular file$/,
    );
  });
});

describe('a safetensors header is checked for consistency before it is believed', () => {
  const tensor = (dtype: string, shape: number[], offsets: unknown) => ({
    dtype,
    shape,
    data_offsets: offsets,
  });

  it('offsets of 10^15 and no data: refused (it was reported as a Match, exit 0)', () => {
    const run = verify([
      rawSafetensors(
        { 'model.norm.weight': tensor('F32', [250_000_000_000_000], [0, 1_000_000_000_000_000]) },
        0,
      ),
    ]);
    expectOneLine(
      run,
      /tensor "model\.norm\.weight": data_offsets \[0, 1000000000000000\] reach past the data, which is 0 bytes$/,
    );
  });

  it.each([
    [
      'an unknown dtype',
      { w: tensor('Q4', [2], [0, 1]) },
      8,
      /tensor "w": dtype "Q4" is not one the format defines/,
    ],
    [
      'end before start',
      { w: tensor('U8', [0], [8, 4]) },
      8,
      /data_offsets \[8, 4\] end before they start$/,
    ],
    [
      'bytes not elements × size',
      { w: tensor('F32', [3], [0, 8]) },
      16,
      /data_offsets \[0, 8\] hold 8 bytes, but 3 elements of F32 take 12$/,
    ],
    ['a fraction of a byte', { w: tensor('F4', [3], [0, 1]) }, 8, /3 elements of F4 take 12 bits$/],
    [
      'overlapping tensors',
      { a: tensor('F32', [2], [0, 8]), b: tensor('F32', [2], [4, 12]) },
      16,
      /tensors "a" \[0, 8\] and "b" \[4, 12\] share bytes$/,
    ],
    [
      'offsets that are not whole numbers',
      { w: tensor('U8', [2], [0, 2.5]) },
      8,
      /tensor "w": expected \{ "dtype": string/,
    ],
    [
      'offsets beyond 2^53',
      { w: tensor('U8', [2], [0, 2 ** 60]) },
      8,
      /tensor "w": expected \{ "dtype": string/,
    ],
    [
      'no data_offsets',
      { w: { dtype: 'U8', shape: [2] } },
      8,
      /tensor "w": expected \{ "dtype": string, "shape": \[whole numbers\], "data_offsets": \[start, end\] \}, got \{"dtype":"U8","shape":\[2\]\}$/,
    ],
    [
      '__metadata__ not a map of strings',
      { __metadata__: { format: 5 } },
      0,
      /__metadata__\["format"\] = 5: expected a string$/,
    ],
    [
      '__metadata__ a list',
      { __metadata__: ['pt'] },
      0,
      /__metadata__ = \["pt"\]: expected a map of strings to strings$/,
    ],
  ])('%s', async (_what, header, data, message) => {
    await expectRefused(rawSafetensors(header, data), message);
  });

  it('a name listed twice (JSON.parse would keep the last silently), even inside escapes', async () => {
    await expectRefused(
      rawSafetensors(
        '{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"w":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}',
        2,
      ),
      /tensor "w" is listed twice$/,
    );
    await expectRefused(
      rawSafetensors(
        '{"a\\"b":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}, "a\\u0022b" :{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}',
        2,
      ),
      /tensor "a\\"b" is listed twice$/,
    );
  });

  it("a header length above the format's 100 MB, in a sparse file big enough to hold it", async () => {
    const dir = writeTinyLlama(1);
    const path = join(dir, 'model.safetensors');
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(200_000_000n);
    writeFileSync(path, length);
    truncateSync(path, 300_000_000);
    await expectRefused(
      dir,
      /header length 200000000 does not fit the file \(300000000 bytes; the format's limit is 100000000\)$/,
    );
  });

  it("a real header over 4 GiB of sparse data is read, and its count is the shapes' (not the file's)", async () => {
    // 2^31 BF16 elements: 4 GiB of data nobody writes; the count 2^31 is the shape's product.
    const dir = writeTinyLlama(1);
    writeSparseSafetensors(join(dir, 'model.safetensors'), [['w', [32_768, 65_536]]]);
    const checkpoint = await openCheckpoint(dir);
    expect(checkpoint.tensors.get('w')).toEqual({
      dtype: 'BF16',
      shape: [32_768n, 65_536n],
      bytes: 2 * 32_768 * 65_536,
    });
  });

  it("holes between tensors (allowed by the format's writers' alignment) and zero-size tensors pass", async () => {
    const dir = rawSafetensors(
      {
        a: tensor('F32', [2], [0, 8]),
        e: tensor('F32', [0, 4], [8, 8]),
        b: tensor('U8', [3], [16, 19]),
      },
      19,
    );
    expect([...(await openCheckpoint(dir)).tensors.keys()]).toEqual(['a', 'e', 'b']);
  });
});

describe('GGUF: truncated files say so, hostile counts are bounded', () => {
  const ggufOf = () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gguf-')), 'm.gguf');
    writeGguf(
      path,
      {
        'general.architecture': 'llama',
        'llama.block_count': 1,
        'llama.embedding_length': 8,
        'llama.feed_forward_length': 16,
        'llama.attention.head_count': 2,
        'llama.attention.head_count_kv': 2,
        'tokenizer.ggml.tokens': Array.from({ length: 16 }, (_, i) => `t${i}`),
      },
      [
        { name: 'token_embd.weight', shape: [8, 16], type: 0 },
        { name: 'output_norm.weight', shape: [8], type: 0 },
      ],
    );
    return path;
  };

  it('cut at every 5th byte of its header after the magic: "truncated", never a wrong architecture', async () => {
    const whole = readFileSync(ggufOf());
    // The writer pads the header to 32 bytes with zeros: a cut inside the padding leaves the header whole.
    const headerEnd = whole.length - [...whole].reverse().findIndex((b) => b !== 0);
    const dir = mkdtempSync(join(tmpdir(), 'cut-'));
    let cuts = 0;
    for (let at = 4; at < headerEnd; at += 5) {
      const path = join(dir, `cut-${at}.gguf`);
      writeFileSync(path, whole.subarray(0, at));
      await expectRefused(
        path,
        /is a truncated GGUF file: its header needs (more|\d+ bytes|at least \d+ bytes for its counts), the file has \d+ bytes$/,
      );
      cuts++;
    }
    expect(cuts).toBeGreaterThan(40);
  });

  it("the issue's case through the CLI: cut inside general.architecture", () => {
    const whole = readFileSync(ggufOf());
    const path = join(mkdtempSync(join(tmpdir(), 'cut-')), 'm.gguf');
    writeFileSync(path, whole.subarray(0, whole.indexOf('llama') + 3));
    expectOneLine(
      verify([path]),
      /m\.gguf is a truncated GGUF file: its header needs at least 163 bytes for its counts, the file has 67 bytes$/,
    );
  });

  it('a tensor count of 2^60, 10^7, or a key/value count of 2^40: one line at once, no allocation', () => {
    const head = (tensors: bigint, kvs: bigint) => {
      const b = Buffer.alloc(24);
      b.write('GGUF');
      b.writeUInt32LE(3, 4);
      b.writeBigUInt64LE(tensors, 8);
      b.writeBigUInt64LE(kvs, 16);
      const path = join(mkdtempSync(join(tmpdir(), 'count-')), 'm.gguf');
      writeFileSync(path, b);
      return path;
    };
    const started = Date.now();
    // Checked against the file's size before the library reads (it reads zeros past the end: 10^7 tensors hung for 17 s).
    expectOneLine(
      verify([head(2n ** 60n, 0n)]),
      /m\.gguf is a truncated GGUF file: its header needs at least 27670116110564327448 bytes for its counts, the file has 24 bytes$/,
    );
    expectOneLine(
      verify([head(0n, 2n ** 40n)]),
      /m\.gguf is a truncated GGUF file: its header needs at least 14293651161112 bytes for its counts, the file has 24 bytes$/,
    );
    expectOneLine(
      verify([head(9_999_999n, 0n)]),
      /m\.gguf is a truncated GGUF file: its header needs at least 240000000 bytes for its counts/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('names from the file are escaped for the terminal in every report format', () => {
  it('ESC[31m, a carriage return, DEL and a C1 CSI in tensor names: shown as escapes, in text and JSON', () => {
    const dir = writeTinyLlama(1);
    const names = [
      'evil\u001b[31m.weight',
      'fake\rMatch: the checkpoint holds exactly the derived parameters.',
      'del\u007f.weight',
      'csi\u009b2J.weight',
    ];
    // The tiny Llama's own tensors, plus the hostile ones (one byte each).
    writeSparseSafetensors(join(dir, 'model.safetensors'), [
      ['model.embed_tokens.weight', [16, 8]],
      ['model.norm.weight', [8]],
      ['lm_head.weight', [16, 8]],
      ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].map((p): [string, number[]] => [
        `model.layers.0.self_attn.${p}.weight`,
        [8, 8],
      ]),
      ['model.layers.0.mlp.gate_proj.weight', [16, 8]],
      ['model.layers.0.mlp.up_proj.weight', [16, 8]],
      ['model.layers.0.mlp.down_proj.weight', [8, 16]],
      ['model.layers.0.input_layernorm.weight', [8]],
      ['model.layers.0.post_attention_layernorm.weight', [8]],
      ...names.map((n): [string, number[]] => [n, [1]]),
    ]);
    const text = verify([dir]);
    expect(text.code, text.stderr).toBe(3);
    expect(text.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    for (const shown of [
      'evil\\u001b[31m.weight',
      'fake\\rMatch: the checkpoint',
      'del\\u007f.weight',
      'csi\\u009b2J.weight',
    ])
      expect(text.stdout).toContain(`  ${shown}`);
    expect(text.stdout).toContain(
      `checkpoint  ${(tinyLlamaTotal(1) + 4).toLocaleString('en-US')} parameters`,
    );
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('Differs: see above.');
    const json = verify([dir, '--format', 'json']);
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.parse(json.stdout).unexpected.sort()).toEqual([...names].sort());
  });
});
