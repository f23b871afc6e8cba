import * as vscode from 'vscode';
import { redact } from '../core/util/redact';

/** The "Docker DB" output channel. Everything written is redacted first. */
export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();

  constructor() {
    this.channel = vscode.window.createOutputChannel('Docker DB', { log: true });
  }

  /** Values that must never be printed (passwords read from containers). */
  addSecret(secret: string): void {
    if (secret) this.secrets.add(secret);
  }

  info(message: string): void {
    this.channel.info(redact(message, this.secrets));
  }

  warn(message: string): void {
    this.channel.warn(redact(message, this.secrets));
  }

  error(message: string, err?: unknown): void {
    const detail = err instanceof Error ? `${err.message}${err.stack ? `\n${err.stack}` : ''}` : err !== undefined ? String(err) : '';
    this.channel.error(redact(detail ? `${message}: ${detail}` : message, this.secrets));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
