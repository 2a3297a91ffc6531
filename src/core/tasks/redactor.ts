// The default Redactor: the core's secret redaction module, with the personal-data option from settings.
import { describeRedactions, redactSecrets, restoreSecrets } from '../redaction';
import type { Redactor } from './runTask';

export function createRedactor(options: { personalData?: boolean } = {}): Redactor {
  return {
    redact: (text) => redactSecrets(text, { personalData: options.personalData }),
    restore: (text, found) => restoreSecrets(text, found),
    describe: (found) => describeRedactions(found),
  };
}
