import { _, format } from '../core/index.js';

export interface Progress {
  done: number;
  total: number;
  rate: number;
  secondsLeft: number | null;
}

const WIDTH = 24;

/** A one-line progress bar for a terminal (stderr), redrawn in place. */
export function progressBar(stream: NodeJS.WritableStream): { update(progress: Progress): void; done(): void } {
  let drawn = false;
  return {
    update(progress) {
      const fraction = progress.total > 0 ? progress.done / progress.total : 1;
      const filled = Math.round(fraction * WIDTH);
      const left = progress.secondsLeft === null ? '' : format(_(', {time} left'), { time: clock(progress.secondsLeft) });
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${progress.done}/${progress.total} ${format(_('({rate} files/s{left})'), { rate: progress.rate.toFixed(0), left })}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}

function clock(seconds: number): string {
  const whole = Math.ceil(seconds);
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}
