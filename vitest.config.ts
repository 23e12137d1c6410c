import { workbenchVitestConfig } from './test/support/vitest-base.ts';

export default workbenchVitestConfig(['test/**/*.test.ts']);
