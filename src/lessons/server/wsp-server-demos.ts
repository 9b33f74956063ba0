/**
 * Defines the lesson's demo elements, all together, the first time the reader
 * comes near one (wsp-on-approach): one chunk and the few it shares, rather
 * than a chunk per demo and a score of small ones between them, each a
 * request and a script to compile for a phone.
 */
import '../../components/wsp-echo-demo.ts';
import './wsp-server-chat-demo.ts';
import './wsp-server-heartbeat-demo.ts';
