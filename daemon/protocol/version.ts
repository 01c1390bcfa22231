// The build stamps the package version in (esbuild `define`); unbundled runs (tests) say dev.
declare const __SWITCHBOARD_VERSION__: string | undefined;

export const SWITCHBOARD_VERSION: string =
  typeof __SWITCHBOARD_VERSION__ === 'string' ? __SWITCHBOARD_VERSION__ : '0.0.0-dev';
