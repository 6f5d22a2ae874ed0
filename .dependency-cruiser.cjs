// The layer order of docs/architecture.md ("Layers"), enforced by test/architecture/layers.test.ts: a module may
// import from its own layer or a lower one, never a higher one, and no import cycle exists anywhere.
// Lowest first; each entry is a path pattern (from the project root).
const LAYERS = [
  { name: 'util', path: '^src/util/' },
  { name: 'spec-ref', path: '^src/(spec|ref|formats)/' },
  { name: 'gen', path: '^gen/' },
  { name: 'sim', path: '^sim/' },
  { name: 'harness', path: '^src/(engines|driver|oracle|check|data|fuzz)/' },
  { name: 'apps', path: '^src/(trace|runtime|study|synth|board|report)/' },
  { name: 'entry', path: '^(src/cli|bench)/' },
];

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `no-upward-from-${layer.name}`,
  comment: `${layer.name} may import only ${LAYERS.slice(0, i + 1).map((l) => l.name).join(', ')}`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(i + 1).map((l) => l.path).join('|') },
}));

module.exports = {
  forbidden: [
    ...upward,
    { name: 'no-circular', comment: 'no import cycle', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'in-a-layer',
      comment: 'every source module belongs to a layer (add a new folder to LAYERS)',
      severity: 'error',
      from: { path: '^(src|gen|sim|bench)/', pathNot: LAYERS.map((l) => l.path).join('|') },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|test)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
