// Bundles the TypeScript sources (src/, components/) and the packages they use into dist/
// with esbuild, so the command starts without a TypeScript loader and without Node.js
// resolving and compiling each package file by file: Ink with its dependencies loads in about
// a quarter of the time from one bundle, and tree-shaking leaves out what is never called.
// `serve`, the console and the verbs' transports stay lazy chunks. Kept external, loaded
// from node_modules as usual:
// - better-sqlite3, whose native binding is looked up beside its own package files;
// - tsx, which loads a user's TypeScript workflows module and finds its own files beside it;
// - @dapr/dapr, with the packages whose objects cross into it (@grpc/grpc-js,
//   google-protobuf): a user's workflows module imports the SDK itself, and its task classes,
//   messages and channels must be the very ones the SDK checks with instanceof.
// Run by `npm install` (prepare), `npm start` and `npm test`; the bin falls back to the
// sources through tsx whenever dist/ is missing or older than them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Ink imports its React DevTools bridge only when DEV=true, and that bridge needs
 * react-devtools-core, which is not installed: the bundle carries a stand-in that fails as
 * the missing package would, so Ink prints its own hint instead of the bundle failing to load.
 */
const withoutInkDevtools = {
  name: 'without-ink-devtools',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
      /[\\/]ink[\\/]build$/.test(args.resolveDir) ? { path: 'ink-devtools', namespace: 'stand-in' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'stand-in' }, () => ({
      contents: "const error = new Error('react-devtools-core is not installed.'); error.code = 'ERR_MODULE_NOT_FOUND'; throw error;",
    }));
  },
};

rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'tsx', '@dapr/dapr', '@grpc/grpc-js', 'google-protobuf'],
  // React's development build roughly doubles the console's CPU per frame; the bundle carries
  // only the production one.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Bundled CommonJS packages call require(): give every chunk one.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  plugins: [withoutInkDevtools],
  jsx: 'automatic',
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
});
