import { SovereignError, _, format } from '../../core/index.js';
import type { Answer } from '../../assistant/answer/index.js';
import { openAnswers } from '../answer-session.js';
import { askRunningInstance } from '../running-answers.js';
import type { CliContext } from '../context.js';
import { contentFor, jsonText, oneLine } from '../terminal-text.js';
import { withStore } from '../with-store.js';
import type { RegisterCommand } from './index.js';

/** `sovereign ask QUESTION [--profile NAME] [--json]`: an answer from the workspace's documents, streamed, then its sources. */
export const register: RegisterCommand = (program, context) => {
  program
    .command('ask <question...>')
    .description(_('Answer a question from your documents with the local chat model, citing the passages used'))
    .option('--profile <name>', _('Answer as this assistant profile (a file in the data folder’s profiles/)'))
    .option('--json', _('Print one JSON object: {status, conversationId, text, citations, notice} instead of streaming'))
    .action(async (words: string[], options: { profile?: string; json?: boolean }) => {
      const ctx = context();
      const question = words.join(' ');
      const onText = options.json ? undefined : (text: string) => ctx.stdout.write(contentFor(ctx.stdout, text));
      // While Sovereign runs it owns the database: it answers, through the same service as its chat panel.
      const remote = await askRunningInstance(question, { ...(options.profile !== undefined ? { profile: options.profile } : {}), ...(onText ? { onText } : {}) });
      if (remote) return printAnswer(ctx, remote, options.json === true);
      await withStore(ctx, async (store) => {
        const session = await openAnswers(ctx, store);
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGINT', onSignal);
        try {
          const profile = options.profile !== undefined ? session.profiles.load(options.profile) : undefined;
          const answer = await session.answers.ask(question, { ...(profile ? { profile } : {}), signal: stop.signal, ...(onText ? { onText } : {}) });
          printAnswer(ctx, answer, options.json === true);
        } finally {
          process.off('SIGINT', onSignal);
          await session.close();
        }
      });
    });
};

/** The answer as JSON, or the end of the streamed one; no model is an error that says how to add one. */
function printAnswer(ctx: CliContext, answer: Answer, json: boolean): void {
  if (answer.status === 'no-model') throw new SovereignError('not-found', answer.text, { ...(answer.notice ? { hint: answer.notice } : {}) });
  if (json) ctx.stdout.write(jsonText(JSON.stringify(answer)) + '\n');
  else printAnswerEnd(ctx, answer);
}

/** After the streamed text: the plain answer when nothing was streamed, then the notice and the numbered sources. */
function printAnswerEnd(ctx: CliContext, answer: Answer): void {
  if (answer.status === 'nothing-relevant') ctx.stdout.write(contentFor(ctx.stdout, answer.text));
  ctx.stdout.write('\n');
  if (answer.status === 'stopped') ctx.stderr.write(`sovereign: ${_('Stopped.')}\n`);
  if (answer.notice) ctx.stderr.write(`sovereign: ${answer.notice}\n`);
  if (answer.citations.length === 0) return;
  ctx.stdout.write(`\n${_('Sources:')}\n`);
  for (const c of answer.citations) {
    const where = oneLine([c.title, ...c.headingPath].join(' › '));
    ctx.stdout.write(`  [${c.number}] ${where}  ${format(_('(characters {start}–{end})'), { start: c.start, end: c.end })}\n      ${oneLine(c.snippet)}\n`);
  }
}
