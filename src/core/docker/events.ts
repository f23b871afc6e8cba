/**
 * Docker's container event stream (`GET /events`): newline-delimited JSON, which may arrive split
 * across chunks (even inside a multi-byte character). Parsed into {@link ContainerEvent}s; lines that
 * are not container events are skipped.
 */
import type Docker from 'dockerode';
import { StringDecoder } from 'node:string_decoder';
import type { ContainerSummary, HealthStatus } from '../../shared/containers';
import type { Disposable } from '../util/emitter';

export interface ContainerEvent {
  /** Docker's action word, e.g. `start`, `die`, `destroy`, `health_status: healthy`, `exec_start: pg_isready`. */
  action: string;
  /** Full container id. */
  id: string;
  /** Container name without the leading slash; '' when the event carries none. */
  name: string;
  /** When the engine recorded the event, milliseconds since the epoch. */
  time: number;
  /** The actor's attributes (labels, image, name, exitCode, ...). */
  attributes: Readonly<Record<string, string>>;
}

/** A line longer than this (1 MiB) without a newline is dropped rather than buffered. */
export const MAX_EVENT_LINE = 1024 * 1024;

interface RawEvent {
  Type?: unknown;
  Action?: unknown;
  status?: unknown;
  id?: unknown;
  time?: unknown;
  timeNano?: unknown;
  Actor?: { ID?: unknown; Attributes?: unknown } | null;
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
    }
  }
  return out;
}

/** One line of the stream → a container event, or undefined for anything else (malformed, other types). */
export function parseContainerEvent(line: string): ContainerEvent | undefined {
  let raw: RawEvent;
  try {
    raw = JSON.parse(line) as RawEvent;
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  if (raw.Type !== undefined && raw.Type !== 'container') return undefined;
  const action = typeof raw.Action === 'string' ? raw.Action : typeof raw.status === 'string' ? raw.status : '';
  const id = typeof raw.Actor?.ID === 'string' ? raw.Actor.ID : typeof raw.id === 'string' ? raw.id : '';
  if (action === '' || id === '') return undefined;
  const attributes = stringRecord(raw.Actor?.Attributes);
  const time =
    typeof raw.timeNano === 'number' && raw.timeNano > 0
      ? Math.round(raw.timeNano / 1e6)
      : typeof raw.time === 'number'
        ? raw.time * 1000
        : 0;
  return { action, id, name: (attributes.name ?? '').replace(/^\//, ''), time, attributes };
}

/** `health_status: healthy` → `healthy`; undefined for every other action. */
export function healthFromAction(action: string): HealthStatus | undefined {
  const m = /^health_status:\s*(healthy|unhealthy|starting)\s*$/.exec(action);
  return m ? (m[1] as HealthStatus) : undefined;
}

/** Actions that cannot change the list (a health check alone causes three exec events a second). */
const NO_OP_ACTION = /^(exec_(create|start|die|detach)|attach|detach|resize|top|export|copy|archive-path|extract-to-dir|commit)\b/;

/** Whether an event may change what a container list shows (exec, attach, copy, ... do not). */
export function changesList(action: string): boolean {
  return !NO_OP_ACTION.test(action);
}

const HEALTH_SUFFIX = /\((health: starting|healthy|unhealthy)\)/;
const HEALTH_TEXT: Record<HealthStatus, string> = { starting: '(health: starting)', healthy: '(healthy)', unhealthy: '(unhealthy)', none: '' };

/** The container with a new health, its status text ("Up 5 seconds (healthy)") patched to match. */
export function withHealth(container: ContainerSummary, health: HealthStatus): ContainerSummary {
  const status = HEALTH_SUFFIX.test(container.status) ? container.status.replace(HEALTH_SUFFIX, HEALTH_TEXT[health]) : container.status;
  return { ...container, health, status };
}

/** Splits a byte stream into lines and parses each; keeps at most one partial line. */
export class EventLineDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private discarding = false;

  constructor(
    private readonly onEvent: (event: ContainerEvent) => void,
    private readonly onMalformed: (line: string) => void = () => undefined,
  ) {}

  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      const piece = text.slice(start, nl);
      start = nl + 1;
      if (this.discarding) {
        this.discarding = false;
        this.partial = '';
        continue;
      }
      const line = this.partial + piece;
      this.partial = '';
      this.handleLine(line);
    }
    if (!this.discarding) {
      this.partial += text.slice(start);
      if (this.partial.length > MAX_EVENT_LINE) {
        this.onMalformed(`${this.partial.slice(0, 80)}… (over ${MAX_EVENT_LINE} characters)`);
        this.partial = '';
        this.discarding = true;
      }
    }
  }

  /** Characters held for an incomplete line (for leak checks). */
  get bufferedLength(): number {
    return this.partial.length;
  }

  private handleLine(line: string): void {
    const trimmed = line.trim();
    if (trimmed === '') return;
    const event = parseContainerEvent(trimmed);
    if (event) {
      this.onEvent(event);
    } else if (!isOtherValidEvent(trimmed)) {
      this.onMalformed(trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed);
    }
  }
}

/** A well-formed event of another type (network, image, ...) is skipped quietly. */
function isOtherValidEvent(line: string): boolean {
  try {
    const raw = JSON.parse(line) as RawEvent;
    return !!raw && typeof raw === 'object' && typeof raw.Type === 'string' && raw.Type !== 'container';
  } catch {
    return false;
  }
}

/** What {@link subscribeContainerEvents} needs from dockerode (a fake in unit tests). */
export type EventsClient = Pick<Docker, 'getEvents'>;

export interface EventHandlers {
  onEvent(event: ContainerEvent): void;
  /** The stream ended (`error` undefined) or failed. Called at most once, never after `dispose()`. */
  onClose(error?: Error): void;
  /** A line that is not JSON or not an event; it was skipped. */
  onMalformed?(line: string): void;
}

export interface EventSubscription extends Disposable {
  /** Characters held for an incomplete line (for leak checks). */
  readonly bufferedLength: number;
}

interface DestroyableStream extends NodeJS.ReadableStream {
  destroy?(error?: Error): void;
  socket?: { setTimeout?(ms: number): void } | null;
}

/**
 * Opens the container event stream. Resolves once the engine accepted the request; rejects when it
 * cannot be opened. `dispose()` destroys the stream.
 */
export async function subscribeContainerEvents(docker: EventsClient, handlers: EventHandlers): Promise<EventSubscription> {
  const stream = (await docker.getEvents({ filters: { type: ['container'] } })) as DestroyableStream;
  // docker-modem applies the client's request timeout as a socket idle timeout, which would cut a
  // quiet event stream after a few seconds. The stream is meant to stay open while nothing happens.
  stream.socket?.setTimeout?.(0);

  let closed = false;
  const decoder = new EventLineDecoder(
    (event) => {
      if (!closed) handlers.onEvent(event);
    },
    (line) => {
      if (!closed) handlers.onMalformed?.(line);
    },
  );
  const close = (error?: Error): void => {
    if (closed) return;
    closed = true;
    handlers.onClose(error);
  };
  stream.on('data', (chunk: Buffer | string) => {
    if (!closed) decoder.push(chunk);
  });
  stream.on('end', () => close());
  stream.on('close', () => close());
  // Stays attached after dispose(): an 'error' with no listener would crash the process.
  stream.on('error', (error: Error) => close(error));

  return {
    get bufferedLength() {
      return decoder.bufferedLength;
    },
    dispose: () => {
      closed = true;
      stream.destroy?.();
    },
  };
}
