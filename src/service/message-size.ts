/**
 * The largest message a server of this project takes by default: a bigger one
 * closes the connection with 1009, "message too big" (RFC 6455 §7.4.1). The
 * live server's MAX_MESSAGE_BYTES starts here, and the playground's simulated
 * server keeps to it, so the same code meets the same limit in both modes.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
