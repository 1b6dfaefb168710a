// Scalescope's version: package.json's, the one source for the CLI's --version and the language
// server's serverInfo (esbuild inlines only this field of package.json).
import { version } from '../package.json';

export const SCALESCOPE_VERSION: string = version;
