import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { reportJson } from '../../src/printers/report-json.js';
import { reportText } from '../../src/printers/report-text.js';
import { renderDocument } from '../../src/documents/render-document.js';

const model = (name: string) => {
  const preset = findPreset(name)!;
  return deriveModel({ config: preset.config, source: preset.repository });
};

describe('approximations say when they do not apply', () => {
  it('a decoder-only LM: both apply, with their errors', () => {
    expect(model('llama-2-7b').model!.approximations.map((a) => a.applies)).toEqual([true, true]);
  });

  it('an encoder-decoder (T5): neither applies, and the reason is said instead of an error', () => {
    const report = model('t5-small');
    expect(report.model!.approximations.map((a) => a.applies)).toEqual([false, false]);
    expect(reportText(report)).toContain('does not apply: an encoder-decoder');
    const json = reportJson(report) as {
      approximations: Array<{ applies: boolean; shape?: string; value?: string }>;
    };
    expect(json.approximations[0]).toMatchObject({ applies: false, shape: 'encoder-decoder' });
    expect(json.approximations[0]!.value).toBeUndefined();
  });

  it('a vision tower (ViT): 12·L·d² applies, Megatron (V·h + s·h) does not', () => {
    const approximations = model('vit-base-patch16-224-in21k').model!.approximations;
    expect(approximations.map((a) => [a.name, a.applies])).toEqual([
      ['Kaplan et al.', true],
      ['Megatron-LM', false],
    ]);
  });

  it("an audio encoder (wav2vec 2.0, HuBERT, Whisper's classifier) is said to be one, not a vision tower", () => {
    const audio = [
      { model_type: 'wav2vec2', architectures: ['Wav2Vec2ForCTC'], num_hidden_layers: 2 },
      { model_type: 'hubert', architectures: ['HubertModel'], num_hidden_layers: 2 },
      { model_type: 'whisper', architectures: ['WhisperForAudioClassification'] },
    ];
    for (const config of audio) {
      const report = deriveModel({ config, source: 'audio' });
      expect(report.model!.approximations.map((a) => a.applies)).toEqual([true, false]);
      const text = reportText(report);
      expect(text).toContain('does not apply: an audio encoder: no vocabulary');
      expect(text).not.toContain('vision tower');
      expect(renderDocument(report, { format: 'md', lang: 'zh' })).toContain('音频编码器');
    }
    // A vision model keeps its words.
    expect(reportText(model('vit-base-patch16-224-in21k'))).toContain(
      'does not apply: a vision tower: no vocabulary',
    );
  });
});
