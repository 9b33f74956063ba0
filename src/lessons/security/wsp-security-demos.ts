/**
 * Defines the lesson's demo elements, all together, the first time the reader
 * comes near one (wsp-on-approach): one chunk and the few it shares, rather
 * than a chunk per demo and a score of small ones between them, each a
 * request and a script to compile for a phone.
 */
import './wsp-security-checklist.ts';
import './wsp-security-expiry-demo.ts';
import './wsp-security-limits-demo.ts';
import './wsp-security-roles-demo.ts';
import './wsp-security-ways-demo.ts';
import './wsp-security-wss-demo.ts';
