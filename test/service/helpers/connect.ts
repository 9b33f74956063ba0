import assert from 'node:assert/strict';
import type { Session } from '../../../src/service/peer.ts';
import type { PlaygroundService } from '../../../src/service/service.ts';
import { recordingPeer, type RecordingPeer } from './recording-peer.ts';

/** Opens a connection the service must admit. */
export function connect(
  service: PlaygroundService,
  target: string,
  origin?: string,
): { peer: RecordingPeer; session: Session } {
  const admission = service.admit(target, { origin });
  if (!admission.ok) assert.fail(`${target} was refused: ${admission.status} ${admission.reason}`);
  const peer = recordingPeer(origin);
  return { peer, session: admission.open(peer) };
}

/** The refusal of a handshake the service must refuse. */
export function refusal(
  service: PlaygroundService,
  target: string,
  origin?: string,
): { status: number; reason: string } {
  const admission = service.admit(target, { origin });
  if (admission.ok) assert.fail(`${target} was admitted`);
  return { status: admission.status, reason: admission.reason };
}
