/**
 * Defines the lesson's demo elements, all together, the first time the reader
 * comes near one (wsp-on-approach): one chunk and the few it shares, rather
 * than a chunk per demo and a score of small ones between them, each a
 * request and a script to compile for a phone.
 */
import './wsp-chat-demo.ts';
import './wsp-collab-demo.ts';
import './wsp-game-demo.ts';
import './wsp-notify-demo.ts';
import './wsp-ticker-demo.ts';
