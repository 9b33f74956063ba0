import type { ReactiveControllerHost } from 'lit';
import { Opcode } from '../../protocol/index.ts';
import { tryWss, type WssOutcome } from '../../transport/tls-probe.ts';
import { currentWire, SecurityDemo, type Attempt } from './security-demo.ts';
import { sealLikeTls, type SealedRecord } from './tls-record.ts';

/** The plain endpoint the observer demo sends over. */
const ECHO = '/echo';

/**
 * The wss demo: a message sent over `ws:` to `/echo` (its frame, every byte
 * as an observer on the path reads it), the same bytes sealed as a TLS record
 * would carry them (an illustration made in the page), and what a page learns
 * when a `wss:` handshake fails: 1006 and nothing more.
 */
export class WssController extends SecurityDemo {
  attempt: Attempt | undefined;
  /** The frame the page sent, exactly as on the wire. */
  frame: Uint8Array | undefined;
  sealed: SealedRecord | undefined;
  /** Why the illustration could not be made. */
  sealProblem: string | undefined;
  probe: WssOutcome | undefined;
  probing = false;
  sending = false;

  constructor(host: ReactiveControllerHost) {
    super(host);
  }

  /** Sends `text` over an open `/echo` connection (opening one first if need be), then seals its frame. */
  async send(text: string): Promise<void> {
    const generation = this.generation;
    this.sending = true;
    this.changed();
    try {
      if (!this.attempt?.isOpen) {
        this.drop(this.attempt);
        this.attempt = this.open(ECHO);
        if (!(await this.opened(this.attempt))) return;
      }
      const attempt = this.attempt;
      const before = clientFrames(attempt).length;
      attempt.send(text);
      if (!(await this.until(() => clientFrames(attempt).length > before, 5000))) return;
      const frame = clientFrames(attempt).at(-1)!;
      this.frame = frame;
      this.sealed = undefined;
      this.sealProblem = undefined;
      this.changed();
      try {
        const sealed = await sealLikeTls(frame);
        if (this.current(generation) && this.frame === frame) this.sealed = sealed;
      } catch (error) {
        if (this.current(generation)) this.sealProblem = (error as Error).message;
      }
    } finally {
      if (this.current(generation)) {
        this.sending = false;
        this.changed();
      }
    }
  }

  async tryWss(): Promise<void> {
    const generation = this.generation;
    const { mode, serverUrl } = currentWire();
    this.probing = true;
    this.probe = undefined;
    this.changed();
    const outcome = await tryWss(mode, serverUrl);
    if (!this.current(generation)) return;
    this.probing = false;
    this.probe = outcome;
    this.changed();
  }

  disconnect(): void {
    this.attempt?.disconnect('reader clicked Disconnect');
  }

  protected override reset(): void {
    this.attempt = undefined;
    this.frame = undefined;
    this.sealed = undefined;
    this.sealProblem = undefined;
    this.probe = undefined;
    this.probing = false;
    this.sending = false;
  }
}

/** The bytes of each text frame the page sent on this connection. */
function clientFrames(attempt: Attempt): Uint8Array[] {
  return attempt.trace.flatMap((event) =>
    event.type === 'frame' && event.from === 'client' && event.frame.opcode === Opcode.text ? [event.bytes] : [],
  );
}
