import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { parseViewportSpec } from '../../../src/canvas/snapshot.js';
import { parseWorkspaceFile } from '../../../src/canvas/workspace-file.js';

test('a workspace file is read with defaults filled in', () => {
  const { data, now } = parseWorkspaceFile(
    JSON.stringify({
      now: '2026-03-01T00:00:00Z',
      threads: [{ id: 't', name: 'Budget', colour: '#3584e4' }],
      documents: [{ id: 'd', title: 'Plan', createdAt: '2026-02-01', threadId: 't', position: { x: 10, y: 20 } }],
      relationships: [{ from: 'd', to: 'd' }],
    }),
    'w.json',
  );
  assert.equal(now?.toISOString(), '2026-03-01T00:00:00.000Z');
  assert.equal(data.documents[0]!.docType, 'markdown');
  assert.equal(data.documents[0]!.isOwned, true);
  assert.deepEqual(data.documents[0]!.position, { x: 10, y: 20, userPlaced: true });
  assert.equal(data.relationships[0]!.kind, 'related');
});

test('malformed JSON and bad fields are reported with the file and the field', () => {
  assert.throws(() => parseWorkspaceFile('{"threads": [', 'w.json'), (e) => isSovereignError(e, 'invalid-input') && /w\.json: it is not valid JSON/.test(e.message));
  assert.throws(
    () => parseWorkspaceFile(JSON.stringify({ documents: [{ id: 'd', title: 'x', createdAt: 'yesterday' }] }), 'w.json'),
    (e) => isSovereignError(e, 'invalid-input') && /documents\.0\.createdAt/.test(e.message),
  );
});

test('viewport specs are understood or refused with the accepted forms', () => {
  assert.deepEqual(parseViewportSpec('fit'), { kind: 'fit' });
  assert.deepEqual(parseViewportSpec('document:abc'), { kind: 'document', id: 'abc' });
  assert.deepEqual(parseViewportSpec('10,-5,0.5'), { kind: 'explicit', viewport: { centerX: 10, centerY: -5, zoom: 0.5 } });
  assert.equal(parseViewportSpec('2026-01-01..2026-02-01').kind, 'range');
  assert.throws(() => parseViewportSpec('2026-02-01..2026-01-01'), (e) => isSovereignError(e, 'usage'));
  assert.throws(() => parseViewportSpec('sideways'), (e) => isSovereignError(e, 'usage') && /fit, now/.test(e.hint ?? ''));
});
