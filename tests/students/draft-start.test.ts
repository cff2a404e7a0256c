/**
 * Which texts a trace card starts from (components/draft-sync.ts startingDraft): this browser's
 * copy while the server does not have it yet, else the server's draft, else nothing.
 */
import { describe, expect, it } from 'vitest';
import { startingDraft } from '@/components/draft-sync';

const SERVER = { text: '{"r1-g":"[2, 4]","r1-p":"[-2, -4]"}' };

describe('startingDraft', () => {
  it('resumes the server’s draft on a device that has none of its own (or only a copy the server had confirmed)', () => {
    expect(startingDraft(null, SERVER)).toEqual({ texts: { 'r1-g': '[2, 4]', 'r1-p': '[-2, -4]' }, push: false });
    expect(startingDraft({ texts: { 'r1-g': '[1, 1]' }, pending: false }, SERVER)).toEqual({ texts: { 'r1-g': '[2, 4]', 'r1-p': '[-2, -4]' }, push: false });
  });
  it('keeps and sends this browser’s copy that never reached the server (typed offline), over the server’s', () => {
    expect(startingDraft({ texts: { 'r1-g': '[2, 5]' }, pending: true }, SERVER)).toEqual({ texts: { 'r1-g': '[2, 5]' }, push: true });
    expect(startingDraft({ texts: { 'r1-g': '[2, 5]' }, pending: true }, null)).toEqual({ texts: { 'r1-g': '[2, 5]' }, push: true });
  });
  it('starts empty when the server has no draft and this browser’s copy was confirmed (answered or cleared elsewhere) or is blank', () => {
    expect(startingDraft({ texts: { 'r1-g': '[2, 4]' }, pending: false }, null)).toEqual({ texts: {}, push: false });
    expect(startingDraft({ texts: { 'r1-g': '  ' }, pending: true }, null)).toEqual({ texts: {}, push: false });
    expect(startingDraft(null, undefined)).toEqual({ texts: {}, push: false });
  });
  it('reads only texts from the server’s draft', () => {
    expect(startingDraft(null, { text: '{"r1-g":"[2, 4]","r1-p":7}' })).toEqual({ texts: { 'r1-g': '[2, 4]' }, push: false });
    expect(startingDraft(null, { text: 'not json' })).toEqual({ texts: {}, push: false });
  });
});
