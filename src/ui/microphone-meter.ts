import { createLogger, messageOf, isSovereignError } from '../core/index.js';
import { MicrophoneSource } from '../voice/microphone-source.js';
import type { LevelMeter } from './level-meter.js';

const log = createLogger('ui.microphone-meter');

/**
 * Listens to one input device only to move a LevelMeter: while Preferences ›
 * Voice is open, so a person sees which microphone hears them. The audio
 * itself goes nowhere (the rolling buffer is dropped with the source).
 */
export class MicrophoneMeter {
  private controller: AbortController | undefined;

  constructor(
    private readonly meter: LevelMeter,
    private readonly onProblem: (message: string | undefined) => void,
  ) {}

  get running(): boolean {
    return this.controller !== undefined;
  }

  /** Starts metering `device` ('' for the default), stopping any device metered before. */
  start(device: string, description?: string): void {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    const source = new MicrophoneSource({
      ...(device ? { device } : {}),
      ...(description ? { description } : {}),
      onLevel: (level) => {
        if (!controller.signal.aborted) this.meter.show(level);
      },
    });
    this.onProblem(undefined);
    void (async () => {
      try {
        // The chunks themselves are not needed: onLevel has already shown them.
        for await (const _chunk of source.chunks(controller.signal)) void _chunk;
      } catch (error) {
        if (controller.signal.aborted) return;
        log.info('the level meter stopped', { device, error });
        this.onProblem(isSovereignError(error) ? error.message : messageOf(error));
      } finally {
        if (this.controller === controller) this.controller = undefined;
        this.meter.reset();
      }
    })();
  }

  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
  }
}
