/**
 * The module boundaries of Shequ, checked in `npm test` (npm run boundaries). Test code is code a
 * test runner or benchmark runs: *.test.ts, bench/ folders, test/, and the test-support/ and
 * testing/ folders beside the code they help test, *fixture(s).ts files, and the tools in scripts/.
 * Everything else is production code.
 */
const TEST_CODE =
  '(\\.test\\.ts$|(^|/)bench/|^test/|(^|/)test-support(/|\\.ts$)|(^|/)testing/|(^|/)[\\w-]*fixtures?\\.ts$|^scripts/)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles, type-only ones included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'drivers-stand-alone',
      comment: 'Drivers never import the appliance, central, the screens or configuration.',
      severity: 'error',
      from: { path: '^drivers/', pathNot: TEST_CODE },
      to: { path: '^(appliance|fleet|kiosk-ui|firmware-config|provisioning|demo|cli)/' },
    },
    {
      name: 'appliance-internals-stay-inside',
      comment:
        'fleet/, firmware-config/ and provisioning/ never import appliance/ (their tests may assemble a kiosk).',
      severity: 'error',
      from: { path: '^(fleet|firmware-config|provisioning)/', pathNot: TEST_CODE },
      to: { path: '^appliance/' },
    },
    {
      name: 'central-uses-contract-and-platform',
      comment: 'Central (fleet/) imports only the wire contract, the shared platform and itself.',
      severity: 'error',
      from: { path: '^fleet/', pathNot: TEST_CODE },
      to: { path: '^(appliance|drivers|kiosk-ui|firmware-config|provisioning|demo|cli|test)/' },
    },
    {
      name: 'appliance-never-imports-central',
      comment:
        'The appliance ships without central: the demo (demo/) and the benchmarks are where both meet.',
      severity: 'error',
      from: { path: '^appliance/', pathNot: TEST_CODE },
      to: { path: '^(fleet|demo)/' },
    },
    {
      name: 'contract-and-platform-are-leaves',
      comment: 'The contract and the platform depend on nothing of the product.',
      severity: 'error',
      from: { path: '^(contract|platform)/', pathNot: TEST_CODE },
      to: { path: '^(appliance|drivers|fleet|kiosk-ui|firmware-config|provisioning|demo|cli|test)/' },
    },
    {
      name: 'screens-talk-http-only',
      comment: 'kiosk-ui imports only contract/ and its own code; it reaches servers over HTTP/SSE.',
      severity: 'error',
      from: { path: '^kiosk-ui/', pathNot: TEST_CODE },
      to: { path: '^(appliance|drivers|fleet|firmware-config|provisioning|platform|demo|cli|test|scripts)/' },
    },
    {
      name: 'production-never-imports-tests',
      comment: 'Production code never imports test helpers (test/, test-support/, testing/).',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|var)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
