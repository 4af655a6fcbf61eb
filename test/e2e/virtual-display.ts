// A virtual desktop for a headful browser (Xvfb and a window manager), and keys typed into it:
// what reaches the browser's own dialogs (a permission prompt), which no DevTools protocol does.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

export interface VirtualDisplay {
  display: string;
  /** Types `keys` (xdotool names: `Tab`, `Return`, `alt+shift+k`) into the focused window, one after the other. */
  press(...keys: string[]): Promise<void>;
  close(): Promise<void>;
}

function started(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`${what} did not start (install the ${what} package): ${error.message}`)));
    child.once('spawn', resolve);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill();
  await exited;
}

/** Starts Xvfb on the first free display number (it writes that number to the descriptor we give it), then openbox on it. */
export async function startVirtualDisplay(): Promise<VirtualDisplay> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  await started(xvfb, 'xvfb');
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it had a display`)));
  });
  const env = { ...process.env, DISPLAY: `:${number}` };
  // A window manager, as on a desktop: it gives the browser window its focus back when a dialog
  // closes, and Chrome opens a popup only in the focused window.
  const manager = spawn('openbox', ['--sm-disable'], { stdio: 'ignore', env });
  await started(manager, 'openbox').catch(async (error) => {
    await stop(xvfb);
    throw error;
  });
  return {
    display: env.DISPLAY,
    async press(...keys) {
      await promisify(execFile)('xdotool', ['key', '--delay', '150', ...keys], { env });
    },
    async close() {
      await stop(manager);
      await stop(xvfb);
    },
  };
}
