import { FRAME_LAB_MAX_PAYLOAD, Side, type LabAnswer } from '../protocol/index.ts';
import { FrameEndpoint } from './frame-endpoint.ts';

/**
 * The frame lab in Simulated mode: the reader's bytes reach the simulated
 * server's own parser, a server-side FrameEndpoint that echoes messages as the
 * live lab's bare ws server does. After a protocol error, or once it has
 * answered a close frame, the server ends TCP, as ws does (§7.1.1).
 */
export function simulateLabServer(bytes: Uint8Array): LabAnswer {
  const written: Uint8Array[] = [];
  let closedTcp = false;
  let serverError: LabAnswer['serverError'];
  const server: FrameEndpoint = new FrameEndpoint({
    role: Side.server,
    maxPayload: FRAME_LAB_MAX_PAYLOAD,
    write: (chunk) => written.push(chunk),
    sent: () => {},
    on: {
      message: (data) => server.sendMessage(data),
      closeFrame: (code, reason) => {
        server.sendClose(code, reason);
        closedTcp = true;
      },
      protocolError: (error) => {
        serverError = { code: error.code, message: error.message };
        closedTcp = true;
      },
    },
  });
  server.receive(bytes);
  const received = new Uint8Array(written.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of written) {
    received.set(chunk, offset);
    offset += chunk.length;
  }
  return { server: 'the simulated server in this page', received, closedTcp, serverError, waitedMs: 0 };
}
