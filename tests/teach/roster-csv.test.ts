/**
 * Reading an instructor's list of people (server/teach/roster.ts parseRoster) and the
 * import summary sentence, without a database. Line numbers in the expectations are
 * counted by hand on the texts below (1-based, header and blank lines included).
 */
import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '@/server/roles';
import { describeImport, MAX_ROSTER_BYTES, MAX_ROSTER_LINES, parseRoster, type ParsedRoster } from '@/server/teach/roster';

function ok(p: ParsedRoster) {
  if (p.status !== 'ok') throw new Error(`expected a read list, got ${p.status}: ${p.message}`);
  return p;
}

const emails = (p: ParsedRoster) => ok(p).lines.map((l) => l.email);

describe('parseRoster', () => {
  it('reads one address per line without a header, trimmed and lower case, role student', () => {
    const p = ok(parseRoster('ada@example.edu\n  Alan@Example.EDU  \ngrace@example.edu'));
    expect(p.lines).toEqual([
      { line: 1, email: 'ada@example.edu', name: null, role: 'student' },
      { line: 2, email: 'alan@example.edu', name: null, role: 'student' },
      { line: 3, email: 'grace@example.edu', name: null, role: 'student' },
    ]);
    expect(p.errors).toEqual([]);
  });

  it('without a header, a second and third column are the name and the role', () => {
    const p = ok(parseRoster('ada@example.edu,Ada Lovelace,Instructor\nalan@example.edu,Alan Turing'));
    expect(p.lines).toEqual([
      { line: 1, email: 'ada@example.edu', name: 'Ada Lovelace', role: 'instructor' },
      { line: 2, email: 'alan@example.edu', name: 'Alan Turing', role: 'student' },
    ]);
  });

  it('finds the email, name and role columns of a header in any order and ignores others', () => {
    const text = 'Student ID,Role,E-mail,Name\n17,instructor,ada@example.edu,Ada\n18,,alan@example.edu,Alan\n';
    const p = ok(parseRoster(text));
    // Line 1 is the header; the people are on lines 2 and 3.
    expect(p.lines).toEqual([
      { line: 2, email: 'ada@example.edu', name: 'Ada', role: 'instructor' },
      { line: 3, email: 'alan@example.edu', name: 'Alan', role: 'student' },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, and counts lines through them', () => {
    const text = [
      'email,name,role', // line 1
      '"ada@example.edu","Lovelace, Ada",student', // line 2
      'alan@example.edu,"Alan ""Prof"" Turing",instructor', // line 3
      'grace@example.edu,"Grace', // lines 4–5: a name with a line break inside quotes
      'Hopper",student',
      'not-an-email,x,student', // line 6
    ].join('\n');
    const p = ok(parseRoster(text));
    expect(p.lines).toEqual([
      { line: 2, email: 'ada@example.edu', name: 'Lovelace, Ada', role: 'student' },
      { line: 3, email: 'alan@example.edu', name: 'Alan "Prof" Turing', role: 'instructor' },
      { line: 4, email: 'grace@example.edu', name: 'Grace\nHopper', role: 'student' },
    ]);
    expect(p.errors).toEqual([{ line: 6, message: '“not-an-email” is not an email address' }]);
  });

  it('accepts CRLF and CR line ends, a byte-order mark and blank lines (which keep their numbers)', () => {
    const text = '\uFEFFemail,role\r\n\r\nada@example.edu,student\r\n   \r\nalan@example.edu,instructor\rgrace@example.edu\r\n';
    const p = ok(parseRoster(text));
    // Header line 1, blank line 2, ada line 3, blank line 4, alan line 5 (ends with a lone CR), grace line 6.
    expect(p.lines.map((l) => [l.line, l.email, l.role])).toEqual([
      [3, 'ada@example.edu', 'student'],
      [5, 'alan@example.edu', 'instructor'],
      [6, 'grace@example.edu', 'student'],
    ]);
    expect(p.errors).toEqual([]);
    // The BOM did not stick to the header's first cell (else "email" would not be found and line 1 would be an error).
    expect(emails(parseRoster('\uFEFFada@example.edu'))).toEqual(['ada@example.edu']);
  });

  it('reads a tab-separated paste from a spreadsheet', () => {
    const p = ok(parseRoster('Email\tName\nada@example.edu\tAda Lovelace\n'));
    expect(p.lines).toEqual([{ line: 2, email: 'ada@example.edu', name: 'Ada Lovelace', role: 'student' }]);
  });

  it('reports malformed addresses, bad roles, duplicates and missing addresses with their line numbers, keeping the good lines', () => {
    const text = [
      'email,role', // 1
      'ada@example.edu,student', // 2 ok
      'ada@', // 3 malformed
      'alan@example.edu,teacher', // 4 bad role
      ' ADA@example.edu ,instructor', // 5 duplicate of line 2 (case and spaces do not matter)
      ',student', // 6 no address
      'grace@example.edu,INSTRUCTOR', // 7 ok (role case does not matter)
    ].join('\n');
    const p = ok(parseRoster(text));
    expect(p.lines.map((l) => [l.line, l.email, l.role])).toEqual([
      [2, 'ada@example.edu', 'student'],
      [7, 'grace@example.edu', 'instructor'],
    ]);
    expect(p.errors).toEqual([
      { line: 3, message: '“ada@” is not an email address' },
      { line: 4, message: 'the role “teacher” is not student or instructor' },
      { line: 5, message: 'ada@example.edu is already on line 2' },
      { line: 6, message: 'no email address' },
    ]);
  });

  it('reports a quote that is never closed on the line where it opens, keeping the lines before', () => {
    const p = ok(parseRoster('ada@example.edu\n"alan@example.edu,Alan\ngrace@example.edu\n'));
    expect(emails(p)).toEqual(['ada@example.edu']);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0].line).toBe(2);
    expect(p.errors[0].message).toMatch(/never closed/);
  });

  it('refuses an empty list', () => {
    expect(parseRoster('').status).toBe('empty');
    expect(parseRoster('\uFEFF\n  \r\n\n').status).toBe('empty');
  });

  it(`takes ${MAX_ROSTER_LINES} people (plus a header and blank lines) and refuses ${MAX_ROSTER_LINES + 1}`, () => {
    expect(MAX_ROSTER_LINES).toBe(5000);
    const people = (n: number) => Array.from({ length: n }, (_, i) => `p${i}@example.edu`);
    expect(ok(parseRoster(people(5000).join('\n'))).lines).toHaveLength(5000);
    expect(ok(parseRoster(['email', ...people(5000), '', ''].join('\n'))).lines).toHaveLength(5000);
    const refused = parseRoster(people(5001).join('\n'));
    expect(refused.status).toBe('too-large');
    expect(refused.status === 'too-large' && refused.message).toMatch(/5,001 people; at most 5,000/);
    // With a header: 5001 people on 5002 lines, still refused.
    expect(parseRoster(['email', ...people(5001)].join('\n')).status).toBe('too-large');
  });

  it('refuses more than 1 MB, counting UTF-8 bytes', () => {
    expect(MAX_ROSTER_BYTES).toBe(1_000_000);
    // 'é' is 2 bytes in UTF-8: 500,000 of them are exactly 1,000,000 bytes (allowed, though no line is an address)…
    expect(parseRoster('é'.repeat(500_000)).status).toBe('ok');
    // …and one more byte is too many.
    const refused = parseRoster('é'.repeat(500_000) + 'x');
    expect(refused.status).toBe('too-large');
    expect(refused.status === 'too-large' && refused.message).toMatch(/1,000,001 bytes/);
  });

  it('normalises emails by trimming and lower-casing', () => {
    expect(normaliseEmail('  Ada.Lovelace@Example.EDU \t')).toBe('ada.lovelace@example.edu');
  });
});

describe('describeImport', () => {
  const line = (n: number, email: string) => ({ line: n, email, role: 'student' as const });
  it('counts each outcome and spells out a single error', () => {
    const text = describeImport({
      status: 'done',
      invited: [line(2, 'a@x.io'), line(3, 'b@x.io'), line(4, 'c@x.io')],
      alreadyMembers: [line(5, 'd@x.io')],
      alreadyInvited: [],
      errors: [{ line: 7, message: '“e@” is not an email address' }],
    });
    expect(text).toBe('3 invited, 1 already in the course, 1 error on line 7: “e@” is not an email address.');
  });
  it('lists the lines of several errors and says when nothing happened', () => {
    const errors = [3, 9, 12].map((n) => ({ line: n, message: 'no email address' }));
    expect(describeImport({ status: 'done', invited: [], alreadyMembers: [], alreadyInvited: [line(2, 'a@x.io')], errors })).toBe(
      '1 already invited, 3 errors (lines 3, 9, 12), not imported.',
    );
    expect(describeImport({ status: 'done', invited: [], alreadyMembers: [], alreadyInvited: [], errors: [] })).toBe('Nothing to import.');
  });
});
