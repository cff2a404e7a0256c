/**
 * check-content on the author kinds (tests/fixtures/authored-course): each broken exercise is
 * reported once, at the prop (or nested value) to blame, with what is wrong.
 */
import path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { checkContent } from '@/lib/content/check';
import type { Problem } from '@/lib/content';

const file = path.join('tests/fixtures/authored-course', 'problems.mdx');
let problems: Problem[];
beforeAll(async () => {
  problems = await checkContent('tests/fixtures/authored-course');
});

const at = (line: number) => problems.filter((p) => p.file === file && p.line === line).map((p) => [p.column, p.message]);

test('one problem per broken exercise, and nothing else', () => {
  expect(problems.map((p) => p.line)).toEqual([3, 5, 8, 10, 14, 20, 25]);
});

test('an expression that cannot be read, at the answer prop', () => {
  expect(at(3)).toEqual([[63, expect.stringMatching(/^cannot be solved: answer: "2\*\(3 \+" cannot be read/)]]);
});

test('an unknown variable in an expression answer', () => {
  expect(at(5)).toEqual([[88, expect.stringMatching(/^cannot be solved: answer: unknown symbol "y" .*the variables are x/)]]);
});

test('a mistake equal to the answer, at the mistake’s answer', () => {
  expect(at(8)).toEqual([[24, 'cannot be solved: mistakes.0.answer: this mistake gives the right answer (within the tolerance or correctly rounded), so it can never be diagnosed']]);
});

test('a choice without a correct option', () => {
  expect(at(10)).toEqual([[1, expect.stringMatching(/^cannot be solved: answer: a choice needs its correct option/)]]);
});

test('a part that follows through from a later part, at its from', () => {
  expect(at(14)).toEqual([[62, 'cannot be solved: parts.0.from: part "second" comes later: a part can only follow through from an earlier one']]);
});

test('a field a part does not take', () => {
  expect(at(20)).toEqual([[56, expect.stringMatching(/^cannot be solved: parts\.0\.mistake: a number part has no field "mistake"/)]]);
});

test('a randomised exercise whose mistake always equals the answer', () => {
  expect(at(25)).toEqual([[57, expect.stringMatching(/^seed 0: params: no valid variant .*mistakes\.0\.answer: this mistake gives the right answer/)]]);
});
