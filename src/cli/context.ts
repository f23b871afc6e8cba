import type { ConnectOptions } from '../core/docker/client';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface GlobalValues {
  all?: boolean;
  json?: boolean;
  quiet?: boolean;
  host?: string;
  timeout?: string;
  engine?: string[];
  health?: string[];
  via?: string;
  db?: string;
  csv?: boolean;
  command?: string;
  file?: string;
  'row-limit'?: string;
  dir?: string;
}

export interface CommandContext {
  io: Io;
  values: GlobalValues;
  connectOptions: ConnectOptions;
  signal?: AbortSignal;
}
