import { parentPort } from 'node:worker_threads';
import { textStats } from './text-stats.js';
import type { StatsReply, StatsRequest } from './text-stats-counter.js';

/**
 * Counts a text's words and characters off the main loop: Intl.Segmenter
 * takes ~1.5 s for a megabyte here, time the window's loop would otherwise
 * spend between frames (see TextStatsCounter).
 */
parentPort!.on('message', (request: StatsRequest) => {
  const reply: StatsReply = { id: request.id, stats: textStats(request.text) };
  parentPort!.postMessage(reply);
});
