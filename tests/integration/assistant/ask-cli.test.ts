import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Answer } from '../../../src/assistant/answer/index.js';
import { testModels } from '../../support/ai-server.js';
import { cliEntry } from '../../support/repo.js';
import { tempDir } from '../../support/store.js';

const home = tempDir();
const env = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, 'config'),
  XDG_DATA_HOME: path.join(home, 'data'),
  XDG_CACHE_HOME: path.join(home, 'cache'),
  SOVEREIGN_DB_URL: '',
  SOVEREIGN_LOG: 'error',
};
const configFile = path.join(home, 'config', 'sovereign', 'config.toml');

function sovereign(args: string[]) {
  const run = spawnSync(process.execPath, [cliEntry, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function configure(chat: string): void {
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  fs.writeFileSync(configFile, `[ai]\ncontext_size = 1024\n[ai.models]\nchat = ${JSON.stringify(chat)}\n`);
}

test('without a chat model, ask says none is installed and how to add one', () => {
  const run = sovereign(['ask', 'How do I fix a flat tyre?']);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /No chat model is installed/);
  assert.match(run.stderr, /sovereign models add/);
});

test('ask streams an answer, then lists the numbered passages it cited; --json carries the same citations', () => {
  configure(testModels().chat);
  const bike = JSON.parse(
    sovereign(['doc', 'add', 'Bicycle repair', '--content', '# Tyres\n\nTo fix a flat tyre, remove the wheel and patch the inner tube.\n\n# Chain\n\nOil the chain monthly.', '--json']).stdout,
  ) as { id: string };

  const run = sovereign(['ask', 'how', 'do', 'I', 'fix', 'a', 'flat', 'tyre?']);
  assert.equal(run.status, 0, run.stderr);
  const [, sources] = run.stdout.split('\nSources:\n');
  assert.ok(sources, `a Sources list follows the answer:\n${run.stdout}`);
  assert.match(sources, /^ {2}\[1\] Bicycle repair › Tyres {2}\(characters \d+–\d+\)\n {6}To fix a flat tyre, remove the wheel and patch the inner tube\.$/m);

  const json = sovereign(['ask', '--json', 'How do I fix a flat tyre?']);
  assert.equal(json.status, 0, json.stderr);
  const answer = JSON.parse(json.stdout) as Answer;
  assert.equal(answer.status, 'answered');
  assert.equal(answer.citations[0]!.documentId, bike.id);
  assert.deepEqual(answer.citations[0]!.headingPath, ['Tyres']);
  const content = '# Tyres\n\nTo fix a flat tyre, remove the wheel and patch the inner tube.\n\n# Chain\n\nOil the chain monthly.';
  assert.equal(content.slice(answer.citations[0]!.start, answer.citations[0]!.end), 'To fix a flat tyre, remove the wheel and patch the inner tube.');
});

test('ask --profile answers as a profile from the data folder, and names what is wrong with a broken one', () => {
  configure(testModels().chat);
  const profiles = path.join(home, 'data', 'sovereign', 'profiles');
  fs.mkdirSync(profiles, { recursive: true });
  fs.writeFileSync(path.join(profiles, 'writer.toml'), 'system_prompt = "You are a terse editor."\ntemperature = 0.2\ntools = ["search"]\n');
  fs.writeFileSync(path.join(profiles, 'broken.toml'), 'temperature = "hot"\n');
  const ok = sovereign(['ask', '--json', '--profile', 'writer', 'How do I fix a flat tyre?']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as Answer).status, 'answered');
  const broken = sovereign(['ask', '--profile', 'broken', 'How do I fix a flat tyre?']);
  assert.notEqual(broken.status, 0);
  assert.match(broken.stderr, /broken\.toml has a bad “temperature”/);
});
