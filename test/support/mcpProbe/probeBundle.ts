// The probe MCP server as one self-contained CommonJS file: agents start it inside their sandbox,
// from a repository where no node_modules is on the module path.
import path from 'node:path';
import * as esbuild from 'esbuild';

const ENTRY = path.join(path.dirname(new URL(import.meta.url).pathname), 'probeServer.ts');

/** The bundled server's source, ready to be written into a test repository and run with `node`. */
export async function probeServerBundle(): Promise<string> {
  const result = await esbuild.build({ entryPoints: [ENTRY], bundle: true, platform: 'node', target: 'node20', format: 'cjs', write: false, logLevel: 'warning' });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no probe server bundle');
  return file.text;
}
