/**
 * The frame lab's wire: the reader's bytes go to a server after a real
 * handshake, and the lab reports what that server did. In Live mode that is
 * the live server's `POST /frame-lab`, which writes the bytes on a real TCP
 * connection to a bare ws server; in Simulated mode it is the page's own
 * server-side parser. Every failure comes back as a sentence for the page,
 * never as a thrown error.
 */
import { postToLab, type LabOutcome as Outcome } from './lab-post.ts';
import { FRAME_LAB_MAX_BYTES, FRAME_LAB_PATH, parseLabAnswer, type LabAnswer } from '../protocol/index.ts';
import { ConnectionMode } from './mode.ts';
import { simulateLabServer } from './simulated-frame-lab.ts';
import { groupDigits } from '../protocol/group-digits.ts';

export type LabOutcome = Outcome<LabAnswer>;

/** Sends the lab's bytes on the wire `mode` chooses; `serverUrl` is the live server's WebSocket URL. */
export async function sendToLab(bytes: Uint8Array, mode: ConnectionMode, serverUrl: string): Promise<LabOutcome> {
  if (bytes.length === 0) return { ok: false, message: 'There is nothing to send: the frame has no bytes.' };
  if (bytes.length > FRAME_LAB_MAX_BYTES) {
    return {
      ok: false,
      message: `The lab sends at most ${groupDigits(FRAME_LAB_MAX_BYTES)} bytes; this is ${groupDigits(bytes.length)}.`,
    };
  }
  if (mode === ConnectionMode.simulated) return { ok: true, answer: simulateLabServer(bytes) };
  return postToLab({
    serverUrl,
    path: FRAME_LAB_PATH,
    contentType: 'application/octet-stream',
    body: bytes.slice(),
    name: 'frame lab',
    parse: parseLabAnswer,
  });
}
