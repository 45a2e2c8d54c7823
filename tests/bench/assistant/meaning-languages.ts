// Measurement: how well the built-in sentence encoder (Universal Sentence
// Encoder lite, trained on English) names the action of commands the
// lexicon has no verb for, with the English examples alone and with the
// German ones added, on held-out phrasings (tests/fixtures/assistant/
// meaning-held-out.json) that were never used to choose the examples.
// A wrong action is worse than none (none leaves the question back).
//   node build/tests/bench/assistant/meaning-languages.js
import fs from 'node:fs';
import path from 'node:path';
import { CommandMeaning, builtInExamples, type Action } from '../../../src/assistant/index.js';
import { SentenceEncoder } from '../../../src/retrieval/index.js';
import { repoRoot } from '../../support/repo.js';

interface HeldOut {
  de: { text: string; action: Action }[];
  en: { text: string; action: Action }[];
  nothing: string[];
}
const heldOut = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/fixtures/assistant/meaning-held-out.json'), 'utf8')) as HeldOut;

const encoder = await SentenceEncoder.open();

/** The two closest actions by raw cosine, whatever the thresholds say: shows whether a miss was near or far. */
async function closest(examples: { action: Action; text: string }[], text: string): Promise<string> {
  const [vector, ...vectors] = await encoder.embed([text, ...examples.map((example) => example.text)]);
  const best = new Map<Action, number>();
  vectors.forEach((v, i) => {
    let sum = 0;
    for (let j = 0; j < v.length; j++) sum += v[j]! * vector![j]!;
    const action = examples[i]!.action;
    best.set(action, Math.max(best.get(action) ?? -1, sum));
  });
  return [...best].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([action, similarity]) => `${action} ${similarity.toFixed(2)}`).join(', ');
}

try {
  for (const languages of [['en'], ['en', 'de']]) {
    const meaning = await CommandMeaning.open(encoder, builtInExamples(languages));
    console.log(`\nexamples: ${languages.join('+')}`);
    for (const set of ['de', 'en'] as const) {
      let right = 0;
      let wrong = 0;
      for (const { text, action } of heldOut[set]) {
        const hint = await meaning.hint(text);
        if (hint?.action === action) right++;
        else if (hint) wrong++;
        console.log(`  ${set} ${hint?.action === action ? 'right' : hint ? 'WRONG' : 'none '} ${text} → ${hint ? hint.action : '-'} [closest: ${await closest(builtInExamples(languages), text)}] (means ${action})`);
      }
      const n = heldOut[set].length;
      console.log(`  ${set}: ${right}/${n} right (${((100 * right) / n).toFixed(0)}%), ${wrong}/${n} wrong actions (${((100 * wrong) / n).toFixed(0)}%), ${n - right - wrong} asked back`);
    }
    let given = 0;
    for (const text of heldOut.nothing) {
      const hint = await meaning.hint(text);
      if (hint) given++;
      console.log(`  nothing ${hint ? 'WRONG' : 'none '} ${text}${hint ? ` → ${hint.action} ${hint.similarity.toFixed(2)}` : ''}`);
    }
    console.log(`  no command: ${given}/${heldOut.nothing.length} given a meaning`);
  }
} finally {
  await encoder.close();
}
