import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/user-error.js';
import { readJsonFile } from '../../src/files/read-json-file.js';
import { readRegularFile } from '../../src/files/regular-file.js';

const folder = mkdtempSync(join(tmpdir(), 'tparams-files-'));

describe('files a user names', () => {
  it('reads a regular file, and JSON from one', () => {
    const path = join(folder, 'config.json');
    writeFileSync(path, '{"model_type": "gpt2"}');
    expect(readJsonFile(path, '--config')).toEqual({ model_type: 'gpt2' });
  });

  it('refuses a folder and a FIFO at once (a FIFO would block a read forever)', () => {
    const fifo = join(folder, 'pipe');
    execFileSync('mkfifo', [fifo]);
    for (const path of [folder, fifo]) {
      expect(() => readRegularFile(path, '--config', 1024)).toThrow(UserError);
      expect(() => readRegularFile(path, '--config', 1024)).toThrow(/regular file/);
    }
  });

  it('refuses a file over its bound before reading it', () => {
    const path = join(folder, 'big.json');
    writeFileSync(path, 'x'.repeat(2048));
    expect(() => readRegularFile(path, '--config', 1024)).toThrow(UserError);
    expect(readRegularFile(path, '--config', 4096).length).toBe(2048);
  });
});
