// Runs every browser test in Debian's Chromium (see scripts/ensure-chromium.mjs).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { fileURLToPath } from 'node:url';
import { tabsPlugin } from './scripts/wtr-tabs-plugin.mjs';
import { serverPlugin } from './scripts/wtr-server-plugin.mjs';
import { faultPlugin } from './scripts/wtr-fault-plugin.mjs';
import { xapiPlugin } from './scripts/wtr-xapi-plugin.mjs';
import { inputPlugin } from './scripts/wtr-input-plugin.mjs';
import { screenshotPlugin } from './scripts/wtr-screenshot-plugin.mjs';
import { summaryReporter } from './scripts/wtr-summary-reporter.mjs';
import { CHROMIUM, CHROMIUM_FLAGS } from './scripts/chromium.mjs';

export default {
  rootDir: '.',
  files: process.env.PK_TEST_FILES ? process.env.PK_TEST_FILES.split(',') : ['test/**/*.test.ts', '!test/server/**'],
  nodeResolve: true,
  concurrency: 2,
  testsFinishTimeout: 1_500_000,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_FLAGS,
      },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    tabsPlugin(),
    faultPlugin(),
    xapiPlugin(),
    inputPlugin(),
    screenshotPlugin(),
    serverPlugin(),
  ],
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: false }), summaryReporter()],
};
