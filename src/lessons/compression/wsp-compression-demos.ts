/**
 * Defines the lesson's demo elements, all together, the first time the reader
 * comes near one (wsp-on-approach): one chunk and the few it shares, rather
 * than a chunk per demo and a score of small ones between them, each a
 * request and a script to compile for a phone.
 */
import './wsp-deflate-cost.ts';
import './wsp-deflate-negotiation.ts';
import './wsp-deflate-oracle.ts';
import './wsp-deflate-wire.ts';
import './wsp-deflate-xray.ts';
