import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { parseSkillManifest, parseSkillManifestText } from '../../../src/skills/index.js';
import { readSkillFolder } from '../../../src/skills/skill-folder.js';
import { tempDir } from '../../support/store.js';

const FILE = '/skills/org.example.Notes/skill.json';

function valid(): Record<string, unknown> {
  return {
    id: 'org.example.Notes',
    name: 'Notes Helper',
    version: '1.4.0-beta.2',
    kind: 'community',
    entry: 'lib/main.mjs',
    documentTypes: { views: ['markdown', 'text'], edits: ['markdown'] },
    commands: [{ id: 'tidy-up', title: 'Tidy Up', shortcut: '<Control><Shift>t' }, { id: 'count', title: 'Count' }],
    permissions: ['read-documents', 'write-documents'],
  };
}

/** The message parseSkillManifest gives for the manifest, which must be refused. */
function refusal(json: unknown): string {
  try {
    parseSkillManifest(json, FILE);
  } catch (error) {
    assert.ok(isSovereignError(error, 'invalid-input'), String(error));
    return error.message;
  }
  assert.fail('the manifest was accepted');
}

test('a complete manifest is accepted as written', () => {
  assert.deepEqual(parseSkillManifest(valid(), FILE), valid());
});

test('an unknown field is refused, naming the file and the field', () => {
  assert.equal(refusal({ ...valid(), network: true }), `invalid skill manifest ${FILE}: network: is not a field a skill manifest may have`);
  assert.equal(
    refusal({ ...valid(), commands: [{ id: 'count', title: 'Count', icon: 'x.png' }] }),
    `invalid skill manifest ${FILE}: commands.0.icon: is not a field a skill manifest may have`,
  );
});

test('a version that is not semantic is refused', () => {
  for (const version of ['1.0', 'v1.0.0', '01.2.3', '1.2.3.4', 'latest']) {
    assert.equal(refusal({ ...valid(), version }), `invalid skill manifest ${FILE}: version: must be a semantic version such as 1.2.0`, version);
  }
});

test('a missing entry is refused as missing', () => {
  const { entry: _entry, ...rest } = valid();
  assert.equal(refusal(rest), `invalid skill manifest ${FILE}: entry: is missing`);
});

test('an entry escaping the skill folder is refused', () => {
  for (const entry of ['../main.mjs', '/usr/bin/node', 'lib/../../main.mjs', '..', '.', '..\\main.mjs']) {
    assert.equal(
      refusal({ ...valid(), entry }),
      `invalid skill manifest ${FILE}: entry: must be a relative path inside the skill folder (no "..", no absolute path)`,
      entry,
    );
  }
});

test('a network permission does not exist', () => {
  assert.match(refusal({ ...valid(), permissions: ['read-documents', 'network'] }), /^invalid skill manifest .*: permissions\.1: /);
});

test('an id that is not reverse-DNS is refused', () => {
  for (const id of ['Notes', 'org.example', 'org..example.Notes', '../etc.passwd.x', 'org.example.Notes/']) {
    assert.equal(refusal({ ...valid(), id }), `invalid skill manifest ${FILE}: id: must be a reverse-DNS name such as org.example.WordCount`, id);
  }
});

test('an unknown document type, a duplicate command or a bad shortcut is refused', () => {
  assert.match(refusal({ ...valid(), documentTypes: { views: ['spreadsheet'], edits: [] } }), /documentTypes\.views\.0: /);
  assert.match(refusal({ ...valid(), commands: [{ id: 'count', title: 'A' }, { id: 'count', title: 'B' }] }), /commands: has the same command id twice$/);
  assert.match(refusal({ ...valid(), commands: [{ id: 'count', title: 'A', shortcut: 'Ctrl+B' }] }), /commands\.0\.shortcut: must be a GTK accelerator/);
});

test('a manifest that is not JSON names the file', () => {
  assert.throws(() => parseSkillManifestText('{"id": ', FILE), (error) => isSovereignError(error, 'invalid-input') && error.message.startsWith(`invalid skill manifest ${FILE}: not valid JSON`));
});

test('a skill folder whose entry file does not exist is refused, naming the entry', async () => {
  const folder = tempDir();
  fs.writeFileSync(path.join(folder, 'skill.json'), JSON.stringify(valid()));
  await assert.rejects(readSkillFolder(folder), {
    message: `invalid skill manifest ${path.join(folder, 'skill.json')}: entry: lib/main.mjs does not exist`,
  });
  fs.mkdirSync(path.join(folder, 'lib'));
  fs.writeFileSync(path.join(folder, 'lib', 'main.mjs'), '');
  assert.equal((await readSkillFolder(folder)).id, 'org.example.Notes');
});

test('a folder without skill.json is not a skill', async () => {
  const folder = tempDir();
  await assert.rejects(readSkillFolder(folder), { message: `${folder} is not a skill: it has no skill.json` });
});
