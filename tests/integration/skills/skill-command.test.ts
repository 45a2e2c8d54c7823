import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../support/run-cli.js';
import { fixtureSkill } from '../../support/skills.js';
import { tempDir } from '../../support/store.js';

const WORD_COUNT = 'org.sovereign.example.WordCount';

/** Runs `sovereign …` with a data folder that lasts for the whole test. */
function sovereign(dataHome: string, ...args: string[]) {
  return runCli(args, { env: { XDG_DATA_HOME: dataHome } });
}

function tarball(folder: string, into: string, name: string): string {
  const archive = path.join(into, name);
  execFileSync('tar', ['-czf', archive, '-C', path.dirname(folder), path.basename(folder)]);
  return archive;
}

test('sovereign skill install, ls, info, disable, enable and remove manage a community skill', () => {
  const data = tempDir();
  const skillsDir = path.join(data, 'sovereign', 'skills');

  const installed = sovereign(data, 'skill', 'install', fixtureSkill(WORD_COUNT));
  assert.equal(installed.stderr, '');
  assert.equal(installed.stdout, `Installed Word Count 1.0.0 (${WORD_COUNT}) in ${path.join(skillsDir, WORD_COUNT)}\n`);
  assert.ok(fs.existsSync(path.join(skillsDir, WORD_COUNT, 'main.mjs')));

  const list = JSON.parse(sovereign(data, 'skill', 'ls', '--json').stdout) as { id: string; status: string; kind: string }[];
  // The core skills (PDF export, the image viewer, …) are listed too, ahead of the community ones.
  assert.deepEqual(
    list.filter((s) => s.kind === 'community').map((s) => [s.id, s.kind, s.status]),
    [[WORD_COUNT, 'community', 'enabled']],
  );
  assert.ok(list.some((s) => s.id === 'org.sovereign.ImageViewer' && s.kind === 'core' && s.status === 'enabled'));
  assert.equal(list.at(-1)!.id, WORD_COUNT);
  const table = sovereign(data, 'skill', 'ls').stdout.split('\n');
  assert.match(table[0]!, /^ID\s+NAME\s+VERSION\s+KIND\s+STATUS$/);
  assert.ok(table.some((line) => /^org\.sovereign\.ImageViewer\s+Image Viewer\s+1\.0\.0\s+core\s+enabled$/.test(line)), table.join('\n'));
  assert.ok(table.some((line) => /^org\.sovereign\.example\.WordCount\s+Word Count\s+1\.0\.0\s+community\s+enabled$/.test(line)), table.join('\n'));

  const info = JSON.parse(sovereign(data, 'skill', 'info', WORD_COUNT, '--json').stdout) as Record<string, unknown>;
  assert.deepEqual(info['permissions'], ['read-documents']);
  assert.deepEqual(info['commands'], [{ id: 'word-count', title: 'Count Words', shortcut: '<Control><Shift>w' }]);
  assert.match(sovereign(data, 'skill', 'info', WORD_COUNT).stdout, /^Commands: Count Words \(<Control><Shift>w\)$/m);

  assert.equal(sovereign(data, 'skill', 'disable', WORD_COUNT).stdout, `Disabled Word Count (${WORD_COUNT})\n`);
  assert.equal((JSON.parse(sovereign(data, 'skill', 'info', WORD_COUNT, '--json').stdout) as { status: string }).status, 'disabled');
  sovereign(data, 'skill', 'enable', WORD_COUNT);
  assert.equal((JSON.parse(sovereign(data, 'skill', 'info', WORD_COUNT, '--json').stdout) as { status: string }).status, 'enabled');

  const again = sovereign(data, 'skill', 'install', fixtureSkill(WORD_COUNT));
  assert.equal(again.status, 1);
  assert.match(again.stderr, /a skill org\.sovereign\.example\.WordCount is already installed\nRemove it first with: sovereign skill remove org\.sovereign\.example\.WordCount/);

  assert.equal(sovereign(data, 'skill', 'remove', WORD_COUNT).stdout, `Removed ${WORD_COUNT}\n`);
  assert.equal(fs.existsSync(path.join(skillsDir, WORD_COUNT)), false);
  assert.deepEqual((JSON.parse(sovereign(data, 'skill', 'ls', '--json').stdout) as { kind: string }[]).filter((s) => s.kind === 'community'), []);
  const gone = sovereign(data, 'skill', 'info', WORD_COUNT);
  assert.equal(gone.status, 1);
  assert.match(gone.stderr, /no skill org\.sovereign\.example\.WordCount/);
});

test('a skill installs from a .tar.gz', () => {
  const data = tempDir();
  const archive = tarball(fixtureSkill(WORD_COUNT), tempDir(), 'word-count.tar.gz');
  const result = sovereign(data, 'skill', 'install', archive);
  assert.equal(result.stderr, '');
  assert.equal(
    fs.readFileSync(path.join(data, 'sovereign', 'skills', WORD_COUNT, 'skill.json'), 'utf8'),
    fs.readFileSync(path.join(fixtureSkill(WORD_COUNT), 'skill.json'), 'utf8'),
  );
});

test('a .tar.gz with a bad manifest is refused before anything is unpacked', () => {
  const data = tempDir();
  const work = tempDir();
  const bad = path.join(work, 'org.example.Bad');
  fs.mkdirSync(bad);
  fs.writeFileSync(path.join(bad, 'main.mjs'), 'process.exit(0);\n');
  fs.writeFileSync(
    path.join(bad, 'skill.json'),
    JSON.stringify({ id: 'org.example.Bad', name: 'Bad', version: '1', kind: 'community', entry: 'main.mjs', documentTypes: { views: [], edits: [] }, commands: [], permissions: [] }),
  );
  const archive = tarball(bad, work, 'bad.tar.gz');
  const result = sovereign(data, 'skill', 'install', archive);
  assert.equal(result.status, 1);
  assert.equal(result.stderr.split('\n')[0], `sovereign: invalid skill manifest ${archive}:org.example.Bad/skill.json: version: must be a semantic version such as 1.2.0`);
  const skillsDir = path.join(data, 'sovereign', 'skills');
  assert.deepEqual(fs.existsSync(skillsDir) ? fs.readdirSync(skillsDir) : [], []);
});

test('a skill folder with a symlink is refused and leaves nothing installed', () => {
  const data = tempDir();
  const copy = path.join(tempDir(), WORD_COUNT);
  fs.cpSync(fixtureSkill(WORD_COUNT), copy, { recursive: true });
  fs.symlinkSync('/etc/passwd', path.join(copy, 'passwd'));
  const result = sovereign(data, 'skill', 'install', copy);
  assert.equal(result.status, 1);
  assert.match(result.stderr, new RegExp(`cannot install ${copy}: ${path.join(copy, 'passwd')} is not a plain file or folder`));
  assert.deepEqual(fs.readdirSync(path.join(data, 'sovereign', 'skills')), []);
});

test('an installed skill whose manifest went bad is listed as broken with the reason', () => {
  const data = tempDir();
  sovereign(data, 'skill', 'install', fixtureSkill(WORD_COUNT));
  const manifest = path.join(data, 'sovereign', 'skills', WORD_COUNT, 'skill.json');
  fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('"kind"', '"network": true, "kind"'));
  const info = (JSON.parse(sovereign(data, 'skill', 'ls', '--json').stdout) as { id: string; status: string; problem: string }[]).find((s) => s.id === WORD_COUNT);
  assert.equal(info!.status, 'broken');
  assert.equal(info!.problem, `invalid skill manifest ${manifest}: network: is not a field a skill manifest may have`);
});

test('sovereign skill ls lists the markdown editor as a core skill, and skill info shows what it edits and its shortcuts', () => {
  const data = tempDir();
  const EDITOR = 'org.sovereign.MarkdownEditor';
  const list = JSON.parse(sovereign(data, 'skill', 'ls', '--json').stdout) as { id: string; kind: string; status: string }[];
  assert.deepEqual(
    list.filter((s) => s.id === EDITOR).map((s) => [s.kind, s.status]),
    [['core', 'enabled']],
  );
  const table = sovereign(data, 'skill', 'ls').stdout.split('\n');
  assert.ok(table.some((line) => /^org\.sovereign\.MarkdownEditor\s+Markdown Editor\s+1\.0\.0\s+core\s+enabled$/.test(line)), table.join('\n'));

  const info = JSON.parse(sovereign(data, 'skill', 'info', EDITOR, '--json').stdout) as {
    documentTypes: { views: string[]; edits: string[] };
    commands: { id: string; title: string; shortcut?: string }[];
    folder: string | null;
  };
  assert.deepEqual(info.documentTypes.edits, ['markdown', 'text']);
  assert.equal(info.folder, null, 'a core skill is built in, not installed in a folder');
  // The shortcuts the issue promises: Ctrl+S saves a version, Ctrl+B/I/K format, Ctrl+1..3 make headings.
  const shortcuts = new Map(info.commands.map((c) => [c.shortcut, c.id]));
  assert.equal(shortcuts.get('<Control>s'), 'save-version');
  assert.equal(shortcuts.get('<Control>b'), 'bold');
  assert.equal(shortcuts.get('<Control>i'), 'italic');
  assert.equal(shortcuts.get('<Control>k'), 'link');
  assert.deepEqual(['<Control>1', '<Control>2', '<Control>3'].map((s) => shortcuts.get(s)), ['heading-1', 'heading-2', 'heading-3']);
  const text = sovereign(data, 'skill', 'info', EDITOR).stdout;
  assert.match(text, /^Edits: markdown, text$/m);
  assert.match(text, /^Commands: .*Save a Version Now \(<Control>s\)/m);
});
