import { describe, expect, it } from 'vitest';
import {
  EVENT_NAMES,
  REQUEST_NAMES,
  openEnvelope,
  parseEventPayload,
  parseRequestInput,
  parseRequestOutput,
} from '../../src/shared/api.ts';
import { ApiError, bridgeErrorMessage, toApiError, toErrorPayload } from '../../src/shared/errors.ts';
import { smokePreset } from '../../src/shared/presets.ts';
import { ConfigError } from '../../src/shared/validate.ts';

function inputError(name: string, input: unknown): ApiError {
  try {
    parseRequestInput(name, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error(`${name} accepted ${JSON.stringify(input)}`);
}

describe('request validation', () => {
  it('lists the requests and events the issue asks for', () => {
    for (const name of ['listPresets', 'listBackends', 'validateConfig', 'createExperiment', 'cancelExperiment', 'resumeExperiment', 'listExperiments', 'getExperiment', 'getArtifact', 'renameExperiment', 'setNotes', 'setTags', 'deleteExperiment', 'cloneConfig', 'compareArms', 'exportExperiment']) {
      expect(REQUEST_NAMES).toContain(name);
    }
    expect(EVENT_NAMES).toEqual(expect.arrayContaining(['run-state', 'pipeline']));
  });

  it('rejects an unknown request by name, listing the known ones', () => {
    const error = inputError('dropTables', {});
    expect(error.code).toBe('unknown-request');
    expect(error.message).toContain('"dropTables"');
    expect(error.message).toContain('listExperiments');
    expect(inputError('__proto__', {}).code).toBe('unknown-request');
  });

  it('rejects bad types with the field named', () => {
    const error = inputError('getExperiment', { id: '7' });
    expect(error.code).toBe('invalid-input');
    expect(error.fields).toEqual([{ path: 'id', message: expect.stringMatching(/number/) }]);
    expect(inputError('setTags', { id: 1, tags: 'a,b' }).fields?.[0].path).toBe('tags');
    expect(inputError('listExperiments', { status: ['finished'] }).fields?.[0].path).toBe('status.0');
  });

  it('rejects negative, fractional and huge sizes with the allowed range', () => {
    expect(inputError('listExperiments', { limit: -5 }).message).toMatch(/limit: .*>=1/);
    expect(inputError('listExperiments', { limit: 10_000 }).message).toMatch(/limit: .*<=500/);
    expect(inputError('getExperiment', { id: 1.5 }).fields?.[0].path).toBe('id');
    expect(inputError('getArtifact', { id: 2 ** 40 }).fields?.[0].path).toBe('id');
    const config = { ...smokePreset, dataset: { ...smokePreset.dataset, trainSize: -1 }, pretrain: { ...smokePreset.pretrain, batchSize: 1e9 } };
    const error = inputError('createExperiment', { config });
    expect(error.fields?.map((f) => f.path)).toEqual(expect.arrayContaining(['config.dataset.trainSize', 'config.pretrain.batchSize']));
    expect(error.message).toMatch(/config\.pretrain\.batchSize: .*<=60000/);
    expect(inputError('setNotes', { id: 1, notes: 'x'.repeat(20_001) }).fields?.[0].path).toBe('notes');
  });

  it('rejects unknown presets and unknown fields', () => {
    const error = inputError('createExperiment', { preset: 'gigantic' });
    expect(error.fields?.[0].path).toBe('preset');
    expect(error.message).toContain('"smoke"');
    expect(inputError('createExperiment', {}).message).toContain('exactly one');
    expect(inputError('getExperiment', { id: 1, sudo: true }).message).toContain('sudo');
    expect(inputError('createExperiment', { config: { ...smokePreset, turbo: true } }).message).toContain('turbo');
  });

  it('accepts good input and normalises it', () => {
    expect(parseRequestInput('createExperiment', { preset: 'smoke', tags: ['  baseline '] })).toEqual({ preset: 'smoke', tags: ['baseline'] });
    expect(parseRequestInput('listExperiments', undefined)).toEqual({});
    expect(parseRequestInput('compareArms', { a: { experimentId: 1, arm: 'pretrained' }, b: { experimentId: 2, arm: 'random' } }).b.arm).toBe('random');
  });
});

describe('responses and events are validated before a client trusts them', () => {
  it('rejects a response that does not match the output schema', () => {
    expect(() => parseRequestOutput('cancelExperiment', { id: 1, status: 'exploded' })).toThrow(/status/);
    expect(parseRequestOutput('cancelExperiment', { id: 1, status: 'cancelled' })).toEqual({ id: 1, status: 'cancelled' });
  });

  it('opens envelopes: outputs validated, errors re-thrown with their code and fields', () => {
    expect(openEnvelope('deleteExperiment', { ok: true, output: { id: 3, deleted: true } })).toEqual({ id: 3, deleted: true });
    try {
      openEnvelope('getExperiment', { ok: false, error: { code: 'not-found', message: 'experiment 9 does not exist' } });
      throw new Error('should have thrown');
    } catch (error) {
      expect((error as ApiError).code).toBe('not-found');
      expect((error as ApiError).message).toBe('experiment 9 does not exist');
    }
    expect(() => openEnvelope('getExperiment', 'garbage')).toThrow(/not a response envelope/);
  });

  it('drops invalid event payloads and keeps valid ones', () => {
    const epoch = { experimentId: 4, event: { type: 'epoch', phase: 'pretrain:1', epoch: 2, metrics: { trainSSE: 12.5 } } };
    expect(parseEventPayload('pipeline', epoch)).toEqual(epoch);
    expect(parseEventPayload('pipeline', { experimentId: 4, event: { type: 'epoch', phase: 'pretrain:1', epoch: 2, metrics: { trainSSE: 'high' } } })).toBeUndefined();
    expect(parseEventPayload('pipeline', { experimentId: 4, event: { type: 'progress', phase: 'x', fraction: 1.5, samplesPerSec: 1, etaSeconds: 0 } })).toBeUndefined();
    expect(parseEventPayload('run-state', { experimentId: 4, status: 'done' })).toEqual({ experimentId: 4, status: 'done' });
    expect(parseEventPayload('run-state', { experimentId: -1, status: 'done' })).toBeUndefined();
  });
});

describe('error codes', () => {
  it('maps config errors to invalid-config with fields, and anything else to internal', () => {
    const payload = toErrorPayload(new ConfigError([{ path: 'layers.0', message: 'must be 784' }]));
    expect(payload).toEqual({ code: 'invalid-config', message: 'layers.0: must be 784', fields: [{ path: 'layers.0', message: 'must be 784' }] });
    expect(toErrorPayload(new TypeError('boom'))).toEqual({ code: 'internal', message: 'boom' });
  });

  it('survives a trip through a message-only bridge', () => {
    const message = bridgeErrorMessage({ code: 'conflict', message: 'experiment 2 is done' });
    const back = toApiError(new Error(`Error: ${message}`));
    expect(back.code).toBe('conflict');
    expect(back.message).toBe('experiment 2 is done');
    expect(toApiError(new Error('[not-a-code] hi')).code).toBe('internal');
  });
});
