/**
 * Every way a peer's bytes can break RFC 6455 (and RFC 7692, once
 * permessage-deflate is agreed), each with a stable code, the close code a
 * server answers with (§7.4.1) and the section the rule comes from (RFC 6455
 * unless named). The frame view shows these to the reader, so they are
 * lesson content.
 */
export const FRAME_ERRORS = {
  FRAME_ERR_RESERVED_BITS: { closeCode: 1002, section: '§5.2' },
  FRAME_ERR_RESERVED_OPCODE: { closeCode: 1002, section: '§5.2' },
  FRAME_ERR_NON_MINIMAL_LENGTH: { closeCode: 1002, section: '§5.2' },
  FRAME_ERR_LENGTH_TOP_BIT: { closeCode: 1002, section: '§5.2' },
  FRAME_ERR_MASK_REQUIRED: { closeCode: 1002, section: '§5.1' },
  FRAME_ERR_MASK_UNEXPECTED: { closeCode: 1002, section: '§5.1' },
  FRAME_ERR_CONTROL_FRAGMENTED: { closeCode: 1002, section: '§5.5' },
  FRAME_ERR_CONTROL_TOO_LONG: { closeCode: 1002, section: '§5.5' },
  FRAME_ERR_UNEXPECTED_CONTINUATION: { closeCode: 1002, section: '§5.4' },
  FRAME_ERR_EXPECTED_CONTINUATION: { closeCode: 1002, section: '§5.4' },
  FRAME_ERR_CLOSE_TOO_SHORT: { closeCode: 1002, section: '§5.5.1' },
  FRAME_ERR_CLOSE_REASON_TOO_LONG: { closeCode: 1002, section: '§5.5' },
  FRAME_ERR_INVALID_CLOSE_CODE: { closeCode: 1002, section: '§7.4' },
  FRAME_ERR_INVALID_UTF8: { closeCode: 1007, section: '§8.1' },
  FRAME_ERR_PAYLOAD_TOO_LARGE: { closeCode: 1009, section: '§10.4' },
  FRAME_ERR_MESSAGE_TOO_LARGE: { closeCode: 1009, section: '§10.4' },
  FRAME_ERR_RSV1_ON_CONTINUATION: { closeCode: 1002, section: 'RFC 7692 §6' },
  FRAME_ERR_RSV1_ON_CONTROL: { closeCode: 1002, section: 'RFC 7692 §6' },
  DEFLATE_ERR_INVALID_DATA: { closeCode: 1007, section: 'RFC 7692 §7.2.2' },
  DEFLATE_ERR_TOO_LARGE: { closeCode: 1009, section: '§10.4' },
} as const;

export type FrameErrorCode = keyof typeof FRAME_ERRORS;

/** The close codes a frame error can call for: protocol error, bad data, too big. */
export type FrameErrorCloseCode = (typeof FRAME_ERRORS)[FrameErrorCode]['closeCode'];

/**
 * Thrown for bytes (or a close payload) that break the protocol. `message` is
 * plain English a reader can follow; `closeCode` is what to send in the Close
 * frame that fails the connection (§7.1.7).
 */
export class FrameError extends Error {
  override readonly name = 'FrameError';
  readonly code: FrameErrorCode;
  readonly closeCode: FrameErrorCloseCode;
  readonly section: string;

  constructor(code: FrameErrorCode, message: string) {
    super(message);
    this.code = code;
    this.closeCode = FRAME_ERRORS[code].closeCode;
    this.section = FRAME_ERRORS[code].section;
  }
}
