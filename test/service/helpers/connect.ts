import assert from 'node:assert/strict';
import type { Admission, HandshakeInfo } from '../../../src/service/endpoint.ts';
import type { Session } from '../../../src/service/peer.ts';
import type { PlaygroundService } from '../../../src/service/service.ts';
import { recordingPeer, type RecordingPeer } from './recording-peer.ts';

/** The handshake as a browser page sends it: an Origin, and no cookie or subprotocol unless given. */
export function handshake(origin?: string, more: Partial<Omit<HandshakeInfo, 'origin'>> = {}): HandshakeInfo {
  return { origin, cookie: more.cookie, protocols: more.protocols ?? [] };
}

/** The answer of an endpoint that decides at once (every endpoint but /secure). */
export function settled(admission: Admission | Promise<Admission>): Admission {
  if (admission instanceof Promise) assert.fail('the admission is a promise: use connectLater or refusalLater');
  return admission;
}

/** Admits a handshake that must be decided at once. */
export function admitNow(service: PlaygroundService, target: string, info: HandshakeInfo = handshake()): Admission {
  return settled(service.admit(target, info));
}

function opened(target: string, admission: Admission, origin: string | undefined) {
  if (!admission.ok) assert.fail(`${target} was refused: ${admission.status} ${admission.reason}`);
  const peer = recordingPeer(origin);
  return { peer, session: admission.open(peer) };
}

function refused(target: string, admission: Admission): { status: number; reason: string } {
  if (admission.ok) assert.fail(`${target} was admitted`);
  return { status: admission.status, reason: admission.reason };
}

/** Opens a connection the service must admit. */
export function connect(
  service: PlaygroundService,
  target: string,
  origin?: string,
): { peer: RecordingPeer; session: Session } {
  return opened(target, admitNow(service, target, handshake(origin)), origin);
}

/** The refusal of a handshake the service must refuse. */
export function refusal(
  service: PlaygroundService,
  target: string,
  origin?: string,
): { status: number; reason: string } {
  return refused(target, admitNow(service, target, handshake(origin)));
}

/** Opens a connection the service must admit, waiting for an answer that may come later (a ticket lookup). */
export async function connectLater(
  service: PlaygroundService,
  target: string,
  info: HandshakeInfo = handshake(),
): Promise<{ peer: RecordingPeer; session: Session }> {
  return opened(target, await service.admit(target, info), info.origin);
}

/** The refusal of a handshake the service must refuse, waiting for the answer. */
export async function refusalLater(
  service: PlaygroundService,
  target: string,
  info: HandshakeInfo = handshake(),
): Promise<{ status: number; reason: string }> {
  return refused(target, await service.admit(target, info));
}
