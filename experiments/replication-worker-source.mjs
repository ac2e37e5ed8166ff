// The pool's worker thread when podpath runs from its TypeScript sources (tests, `npm run
// podpath`): loader hooks are per thread, so this registers tsx before loading the worker. The
// built package (dist/) loads replication-worker.js directly and never needs tsx.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./replication-worker.ts');

export default worker.default;
export const renderSvg = worker.renderSvg;
export const warmRenderer = worker.warmRenderer;
export const warmUp = worker.warmUp;
