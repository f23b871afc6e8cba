import * as vscode from 'vscode';
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';

/**
 * `docker logs --follow` through the Engine API in a terminal tab: works with any endpoint
 * (no docker CLI needed), stops when the tab closes, says so when the container goes away.
 */
export function openLogsTerminal(docker: Docker, containerId: string, name: string): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let stream: NodeJS.ReadableStream & { destroy?: () => void } | undefined;
  let closed = false;
  const out = (text: string): void => write.fire(text.replace(/\r?\n/g, '\r\n'));
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      out(`\x1b[2mLogs of ${name} (last 500 lines, following). Close this tab to stop.\x1b[0m\n`);
      docker
        .getContainer(containerId)
        .logs({ follow: true, stdout: true, stderr: true, tail: 500, timestamps: false })
        .then((s) => {
          if (closed) {
            (s as { destroy?: () => void }).destroy?.();
            return;
          }
          stream = s as NodeJS.ReadableStream & { destroy?: () => void };
          // The client's request timeout would otherwise cut a quiet log stream after a few seconds.
          (s as { socket?: { setTimeout?: (ms: number) => void } }).socket?.setTimeout?.(0);
          const stdout = new PassThrough();
          const stderr = new PassThrough();
          stdout.on('data', (c: Buffer) => out(c.toString('utf8')));
          stderr.on('data', (c: Buffer) => out(`\x1b[31m${c.toString('utf8')}\x1b[0m`));
          docker.modem.demuxStream(stream, stdout, stderr);
          stream.on('end', () => out(`\n\x1b[2m— ${name} stopped or was removed; no more logs. —\x1b[0m\n`));
          stream.on('error', (e: Error) => out(`\n\x1b[31mLog stream ended: ${e.message}\x1b[0m\n`));
        })
        .catch((err: { statusCode?: number; message?: string }) => {
          out(
            err.statusCode === 404
              ? `\x1b[31mContainer ${name} no longer exists. It was probably removed; refresh the Containers view.\x1b[0m\n`
              : `\x1b[31mCould not read the logs of ${name}: ${err.message ?? String(err)}\x1b[0m\n`,
          );
        });
    },
    close: () => {
      closed = true;
      stream?.destroy?.();
      write.dispose();
      close.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `Logs: ${name}`, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  return terminal;
}
