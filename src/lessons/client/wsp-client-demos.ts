/**
 * Defines the lesson's demo elements, all together, the first time the reader
 * comes near one (wsp-on-approach): one chunk and the few it shares, rather
 * than a chunk per demo and a score of small ones between them, each a
 * request and a script to compile for a phone.
 */
import './wsp-client-api-demo.ts';
import './wsp-client-buffered-demo.ts';
import './wsp-client-error-handler-demo.ts';
import './wsp-client-heartbeat-demo.ts';
import './wsp-client-reconnect-demo.ts';
import './wsp-client-send-early-demo.ts';
