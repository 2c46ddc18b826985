import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * A logger that keeps warnings and errors instead of printing them: the views log a failed
 * section as a warning, and a run with failed sections measured nothing worth comparing.
 */
export class RecordingLogger implements LoggerService {
  constructor(readonly problems: string[] = []) {}

  error(message: string): void {
    this.problems.push(`error: ${message}`);
  }

  warn(message: string): void {
    this.problems.push(`warn: ${message}`);
  }

  info(): void {}

  debug(): void {}

  child(): LoggerService {
    return new RecordingLogger(this.problems);
  }
}
