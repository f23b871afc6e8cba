import * as assert from 'node:assert/strict';
import { csvField, formatChunks, formatText, jsonKeys, markdownCell, tsvValue } from '../../src/shared/grid/formats';
import type { Cell } from '../../src/shared/grid/sortFilter';

const opts = { nullToken: 'NULL' };

describe('results grid: copy and export formats', () => {
  const names = ['id', 'note'];
  const rows: Cell[][] = [
    ['1', null],
    ['2', ''],
    ['3', 'a,b "c"\r\nd'],
  ];

  it('CSV (RFC 4180): CRLF lines, quoted fields with commas, quotes and line breaks; NULL empty unquoted, "" quoted', () => {
    assert.equal(formatText('csv', names, rows, opts), 'id,note\r\n1,\r\n2,""\r\n3,"a,b ""c""\r\nd"\r\n');
    assert.equal(csvField(null), '');
    assert.equal(csvField(''), '""');
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('tab\there'), 'tab\there');
    assert.equal(csvField('ünï ✓ 😀'), 'ünï ✓ 😀');
  });

  it('JSON: an array of objects, null for NULL, "" for empty, text values as PostgreSQL printed them', () => {
    const text = formatText('json', names, rows, opts);
    assert.deepEqual(JSON.parse(text), [
      { id: '1', note: null },
      { id: '2', note: '' },
      { id: '3', note: 'a,b "c"\r\nd' },
    ]);
    assert.equal(text, '[\n  {"id": "1", "note": null},\n  {"id": "2", "note": ""},\n  {"id": "3", "note": "a,b \\"c\\"\\r\\nd"}\n]\n');
    assert.equal(formatText('json', names, [], opts), '[]\n');
  });

  it('JSON keeps every column of a repeated name', () => {
    assert.deepEqual(jsonKeys(['a', 'a', 'a (2)', 'b', 'a']), ['a', 'a (2)', 'a (2) (2)', 'b', 'a (3)']);
    assert.deepEqual(JSON.parse(formatText('json', ['a', 'a'], [['1', '2']], opts)), [{ a: '1', 'a (2)': '2' }]);
  });

  it('Markdown: pipes and backslashes escaped, line breaks as <br>, the NULL token, numbers right-aligned', () => {
    const md = formatText('markdown', ['n', 'text'], [['1', 'a|b\\c'], ['2', null], ['3', 'x\ny'], ['4', '']], { nullToken: '∅', numeric: [true, false] });
    assert.equal(md, '| n | text |\n| ---: | --- |\n| 1 | a\\|b\\\\c |\n| 2 | ∅ |\n| 3 | x<br>y |\n| 4 |  |\n');
    assert.equal(markdownCell('😀 <b>', 'NULL'), '😀 <b>');
  });

  it('TSV: NULL as the token, tabs, line breaks and quotes quoted, no header unless asked', () => {
    assert.equal(formatText('tsv', names, rows, opts), '1\tNULL\n2\t\n3\t"a,b ""c""\r\nd"');
    assert.equal(formatText('tsv', names, [['a\tb', null]], { nullToken: '\\N', header: true }), 'id\tnote\n"a\tb"\t\\N');
    assert.equal(tsvValue('NULL', 'NULL'), 'NULL', 'a text NULL is the same as the token: the token is configurable for that reason');
  });

  it('streams in chunks of bounded rows whose concatenation is the whole text', () => {
    const many: Cell[][] = Array.from({ length: 10 }, (_, i) => [String(i), i % 3 === 0 ? null : `v${i}`]);
    for (const format of ['csv', 'json', 'markdown', 'tsv'] as const) {
      const chunks = [...formatChunks(format, names, many.length, (i) => many[i], opts, 3)];
      assert.equal(chunks.length, 4, `${format}: 10 rows in chunks of 3`);
      const whole = chunks.join('');
      const expected = formatText(format, names, many, { ...opts, header: false });
      assert.equal(format === 'tsv' ? whole.replace(/\n$/, '') : whole, expected, format);
    }
  });
});
